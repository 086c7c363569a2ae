using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Metrics.Engine;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Metrics;

/// <summary>metrics.md §2.1–§2.3: every rule, its exact message, and all problems at once.</summary>
[TestFixture]
public sealed class MetricParametersParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricRouteSpec Metric = MetricRouteSpec.Metric(Breakdown.Team);

    private static Result<MetricParameters> Get(MetricRouteSpec route, params (string, string)[] query) =>
        MetricParametersParser.Parse(route, MetricArguments.FromQuery(QueryParameters.Of(query)), Now, isPost: false);

    private static Result<MetricParameters> Post(MetricRouteSpec route, string body, params (string, string)[] query) =>
        MetricParametersParser.Parse(route, MetricArguments.FromBody(System.Text.Encoding.UTF8.GetBytes(body)), Now, isPost: true, QueryParameters.Of(query));

    private static (string Field, string Message)[] Problems(Result<MetricParameters> result)
    {
        Assert.That(result.IsSuccess, Is.False, "expected a validation error");
        Assert.That(result.Error!.Code, Is.EqualTo(ErrorCode.Validation));
        return [.. result.Error.Details!.Select(d => (d.Field, d.Message))];
    }

    [Test]
    public void Parse_NoParameters_IsTheLast30DaysIncludingToday()
    {
        var p = Get(Metric).Value;
        Assert.That((p.Window.Start, p.Window.End, p.Window.Days), Is.EqualTo((new DateOnly(2026, 2, 19), new DateOnly(2026, 3, 20), 30)));
        Assert.That(p.Window.AsOf, Is.EqualTo(Now), "as_of = min(now, W.end)");
        Assert.That((p.Window.Granularity, p.Compare, p.Breakdown), Is.EqualTo((Granularity.Week, true, Breakdown.None)));
    }

    [Test]
    public void Parse_OnlyStartDate_EndsTwentyNineDaysLater()
    {
        var p = Get(Metric, ("start_date", "2026-01-01")).Value;
        Assert.That(p.Window.End, Is.EqualTo(new DateOnly(2026, 1, 30)));
        Assert.That(p.Window.AsOf, Is.EqualTo(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Parse_ReversedWindow_NamesStartDateWithTheContractMessage()
    {
        var result = Get(Metric, ("start_date", "2026-03-15"), ("end_date", "2026-03-02"));
        Assert.That(Problems(result), Is.EqualTo(new[] { ("start_date", "start_date must not be after end_date") }));
        Assert.That(result.Error!.Message, Is.EqualTo("start_date must not be after end_date"));
    }

    [Test]
    public void Parse_EveryProblem_IsReportedAtOnce()
    {
        var problems = Problems(Get(Metric,
            ("team_ids", "team_1"), ("team_ids", "team_2"), ("page", "2"), ("user_ids", "7"), ("repository_ids", "repo_1,,repo_2"),
            ("start_date", "2026-02-30"), ("granularity", "year"), ("timezone", "Europe/Madrid"), ("breakdown", "member"), ("include", "all")));
        Assert.That(problems, Is.EquivalentTo(new[]
        {
            ("team_ids", "must be given at most once"),
            ("page", "unknown parameter"),
            ("user_ids", "must be ids like usr_123"),
            ("repository_ids", "must not be empty"),
            ("start_date", "must be a date YYYY-MM-DD"),
            ("granularity", "must be one of: day, week, month"),
            ("timezone", "only UTC is supported"),
            ("breakdown", "must be one of: none, team"),
            ("include", "must be one of: evidence"),
        }));
    }

    [TestCase("start_date", "1999-12-31", "out of range")]
    [TestCase("end_date", "2101-01-01", "out of range")]
    [TestCase("board_ids", "", "must not be empty")]
    [TestCase("team_ids", "usr_3", "must be ids like team_123")]
    [TestCase("compare", "yes", "must be one of: previous_period, none")]
    [TestCase("evidence_per_page", "501", "must be between 1 and 500")]
    [TestCase("families", "dora", "unknown parameter")]
    public void Parse_BadValue_HasTheContractMessage(string key, string value, string message) =>
        Assert.That(Problems(Get(Metric, (key, value))), Is.EqualTo(new[] { (key, message) }));

    [Test]
    public void Parse_WindowOf367Days_IsRefused() =>
        Assert.That(Problems(Get(Metric, ("start_date", "2025-01-01"), ("end_date", "2026-01-02"))),
            Is.EqualTo(new[] { ("end_date", "the window may span at most 366 days") }));

    [Test]
    public void Parse_WindowOf366Days_IsAccepted() =>
        Assert.That(Get(Metric, ("start_date", "2024-01-01"), ("end_date", "2024-12-31")).Value.Window.Days, Is.EqualTo(366));

    [Test]
    public void Parse_101Ids_IsRefused_AndDuplicatesCollapse()
    {
        var many = string.Join(",", Enumerable.Range(1, 101).Select(i => "team_" + i));
        Assert.That(Problems(Get(Metric, ("team_ids", many))), Is.EqualTo(new[] { ("team_ids", "at most 100 ids") }));
        Assert.That(Get(Metric, ("team_ids", "team_2,team_2,team_1")).Value.TeamIds, Is.EqualTo(new long[] { 2, 1 }));
    }

    [Test]
    public void Parse_ListRoute_TakesPagingAndSort_ButNotEvidence()
    {
        var list = MetricRouteSpec.List(SortOrder.Asc, "name", "pull_requests_merged");
        var p = Get(list, ("page", "2"), ("per_page", "10"), ("sort", "pull_requests_merged"), ("order", "desc")).Value;
        Assert.That((p.Page, p.PerPage, p.Sort, p.Order), Is.EqualTo((2, 10, "pull_requests_merged", SortOrder.Desc)));
        Assert.That(Get(list).Value.Order, Is.EqualTo(SortOrder.Asc), "the route's default order");
        Assert.That(Problems(Get(list, ("include", "evidence"), ("sort", "email"), ("breakdown", "team"))), Is.EquivalentTo(new[]
        {
            ("include", "unknown parameter"), ("sort", "must be one of: name, pull_requests_merged"), ("breakdown", "must be one of: none"),
        }));
    }

    [Test]
    public void Parse_PostBody_TakesArraysAndStrings_NullIsAbsent()
    {
        var p = Post(MetricRouteSpec.Aggregate, """{ "team_ids": ["team_7", "team_9"], "start_date": "2026-03-02", "end_date": "2026-03-15", "granularity": null }""").Value;
        Assert.That(p.TeamIds, Is.EqualTo(new long[] { 7, 9 }));
        Assert.That(p.Window.Days, Is.EqualTo(14));
        Assert.That(p.Window.Granularity, Is.EqualTo(Granularity.Week));
    }

    [Test]
    public void Parse_EmptyPostBody_IsAllDefaults() =>
        Assert.That(Post(MetricRouteSpec.Aggregate, "").Value.Window.Days, Is.EqualTo(30));

    [TestCase("[1,2]", "body", "body must be a JSON object")]
    [TestCase("{not json", "body", "body must be a JSON object")]
    [TestCase("""{"team_ids": "team_1"}""", "team_ids", "must be an array of strings")]
    [TestCase("""{"team_ids": [1]}""", "team_ids", "must be an array of strings")]
    [TestCase("""{"start_date": {"a": 1}}""", "start_date", "must be a string")]
    [TestCase("""{"colour": "red"}""", "colour", "unknown parameter")]
    public void Parse_BadPostBody_NamesTheProblem(string body, string field, string message) =>
        Assert.That(Problems(Post(MetricRouteSpec.Aggregate, body)), Is.EqualTo(new[] { (field, message) }));

    [Test]
    public void Parse_PostBodyNestedDeeperThan8_IsRefused() =>
        Assert.That(Problems(Post(MetricRouteSpec.Aggregate, """{"a":[[[[[[[[[1]]]]]]]]]}""")), Is.EqualTo(new[] { ("body", "body must be a JSON object") }));

    [Test]
    public void Parse_PostWithAQueryString_IsRefused() =>
        Assert.That(Problems(Post(MetricRouteSpec.Aggregate, "{}", ("team_ids", "team_1"))),
            Is.EqualTo(new[] { ("team_ids", "parameters of a POST go in the JSON body") }));
}
