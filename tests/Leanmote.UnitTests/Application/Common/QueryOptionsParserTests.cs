using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Common;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Common;

public sealed class QueryOptionsParserTests
{
    private sealed record Row(TeamId Id, string Name, DateTimeOffset CreatedAt, Nested Author);

    private sealed record Nested(string Name, string Email);

    private static readonly QuerySpec Spec = QuerySpec.For<Row>()
        .Sortable("created_at", "name")
        .IdFilter<TeamId>("team_id")
        .EnumFilter("state", "open", "merged")
        .BooleanFilter("is_active")
        .TimestampFilter("created_at");

    private static Result<QueryOptions> Parse(QuerySpec spec, params (string, string)[] pairs) =>
        QueryOptionsParser.Parse(spec, QueryParameters.Of(pairs));

    private static Error Fails(QuerySpec spec, params (string, string)[] pairs)
    {
        var result = Parse(spec, pairs);
        Assert.That(result.IsSuccess, Is.False, "expected a validation error");
        Assert.That(result.Error!.Code, Is.EqualTo(ErrorCode.Validation));
        return result.Error;
    }

    [Test]
    public void Parse_NoParameters_UsesTheDefaults()
    {
        var options = Parse(Spec).Value;
        Assert.That(options, Is.EqualTo(new QueryOptions(1, 50, "created_at", SortOrder.Desc, [], null)).Using<QueryOptions>((a, b) =>
            a.Page == b.Page && a.PerPage == b.PerPage && a.Sort == b.Sort && a.Order == b.Order && a.Filters.Count == 0 && a.Fields is null));
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("abc")]
    [TestCase("1e9")]
    [TestCase("101")]
    [TestCase("")]
    [TestCase(" 5")]
    [TestCase("99999999999")]
    public void Parse_PerPageOutOfRange_ReturnsTheContractMessage(string value)
    {
        var error = Fails(Spec, ("per_page", value));
        Assert.That(error.Message, Is.EqualTo("per_page must be between 1 and 100"));
        Assert.That(error.Details, Has.Count.EqualTo(1));
        Assert.That(error.Details![0], Is.EqualTo(new ErrorDetail("per_page", "must be between 1 and 100")));
    }

    [TestCase("0")]
    [TestCase("10000001")]
    [TestCase("1.5")]
    public void Parse_PageOutOfRange_Fails(string value) =>
        Assert.That(Fails(Spec, ("page", value)).Message, Is.EqualTo("page must be between 1 and 10000000"));

    [Test]
    public void Parse_HighestPage_IsAccepted() =>
        Assert.That(Parse(Spec, ("page", "10000000"), ("per_page", "100")).Value.Offset, Is.EqualTo(999_999_900L));

    [TestCase("page", "page")]
    [TestCase("created_at[gte]", "created_at[gte]")]
    public void Parse_RepeatedParameter_Fails(string key, string field)
    {
        var result = QueryOptionsParser.Parse(Spec, new QueryParameters([new(key, ["2024-01-01", "2024-01-02"])]));
        Assert.That(result.Error!.Details![0], Is.EqualTo(new ErrorDetail(field, "must not be repeated")));
    }

    [Test]
    public void Parse_BareAndEqOperatorTogether_CountsAsRepeated() =>
        Assert.That(Fails(Spec, ("state", "open"), ("state[eq]", "open")).Details![0].Message, Is.EqualTo("must not be repeated"));

    [Test]
    public void Parse_UnknownParameter_NamesItAndListsTheAllowedOnes()
    {
        var detail = Fails(Spec, ("bogus", "1")).Details![0];
        Assert.That(detail.Field, Is.EqualTo("bogus"));
        Assert.That(detail.Message, Does.Contain("per_page").And.Contain("team_id").And.Contain("created_at[eq|gte|gt|lte|lt]"));
    }

    [Test]
    public void Parse_UnknownSort_ListsTheSortableFields() =>
        Assert.That(Fails(Spec, ("sort", "email")).Message, Is.EqualTo("sort must be one of: created_at, name"));

    [TestCase("ASC", SortOrder.Asc)]
    [TestCase("desc", SortOrder.Desc)]
    [TestCase("Asc", SortOrder.Asc)]
    public void Parse_Order_IsCaseInsensitive(string value, SortOrder expected) =>
        Assert.That(Parse(Spec, ("order", value)).Value.Order, Is.EqualTo(expected));

    [Test]
    public void Parse_FieldsWithDotPaths_AreAccepted() =>
        Assert.That(Parse(Spec, ("fields", "id,author.name")).Value.Fields, Is.EqualTo(new[] { "id", "author.name" }));

    [Test]
    public void Parse_UnknownField_IsNamed() =>
        Assert.That(Fails(Spec, ("fields", "id,author.phone")).Message, Does.StartWith("fields names unknown field 'author.phone'"));

    [TestCase("team_7", true)]
    [TestCase("usr_7", false)]
    [TestCase("team_07", false)]
    [TestCase("team_-1", false)]
    [TestCase("team_", false)]
    [TestCase("team_99999999999999999999", false)]
    public void Parse_IdFilter_AcceptsOnlyItsPrefix(string value, bool ok)
    {
        var result = Parse(Spec, ("team_id", value));
        Assert.That(result.IsSuccess, Is.EqualTo(ok));
        if (ok) Assert.That(result.Value.Filters.Single().Value, Is.EqualTo(7L));
    }

    [Test]
    public void Parse_EnumAndBoolean_AreValidated()
    {
        Assert.That(Fails(Spec, ("state", "closed")).Message, Is.EqualTo("state must be one of: open, merged"));
        Assert.That(Fails(Spec, ("is_active", "yes")).Message, Is.EqualTo("is_active must be true or false"));
        Assert.That(Parse(Spec, ("is_active", "false")).Value.Filters.Single().Value, Is.EqualTo(false));
    }

    private static readonly DateTimeOffset Day = new(2024, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private static IEnumerable<TestCaseData> DateOnlyCases()
    {
        yield return new TestCaseData("gte", new[] { (FilterOperator.Gte, Day) });
        yield return new TestCaseData("lte", new[] { (FilterOperator.Lt, Day.AddDays(1)) });
        yield return new TestCaseData("gt", new[] { (FilterOperator.Gte, Day.AddDays(1)) });
        yield return new TestCaseData("lt", new[] { (FilterOperator.Lt, Day) });
        yield return new TestCaseData("eq", new[] { (FilterOperator.Gte, Day), (FilterOperator.Lt, Day.AddDays(1)) });
    }

    [TestCaseSource(nameof(DateOnlyCases))]
    public void Parse_DateOnlyValue_CoversTheWholeUtcDay(string op, (FilterOperator, DateTimeOffset)[] expected)
    {
        var filters = Parse(Spec, ($"created_at[{op}]", "2024-03-10")).Value.Filters;
        Assert.That(filters.Select(f => (f.Operator, (DateTimeOffset)f.Value)), Is.EqualTo(expected));
    }

    [Test]
    public void Parse_FullTimestamp_ComparesExactlyInUtc()
    {
        var filter = Parse(Spec, ("created_at[gt]", "2024-03-10T12:30:00+02:00")).Value.Filters.Single();
        Assert.That(filter.Operator, Is.EqualTo(FilterOperator.Gt));
        Assert.That(filter.Value, Is.EqualTo(new DateTimeOffset(2024, 3, 10, 10, 30, 0, TimeSpan.Zero)));
        Assert.That(((DateTimeOffset)filter.Value).Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [TestCase("2024-13-01")]
    [TestCase("2024-02-30")]
    [TestCase("yesterday")]
    [TestCase("2024-01-01 10:00")]
    public void Parse_MalformedDate_Fails(string value) =>
        Assert.That(Fails(Spec, ("created_at[gte]", value)).Details![0].Field, Is.EqualTo("created_at[gte]"));

    [Test]
    public void Parse_LowerBoundAfterUpperBound_Fails() =>
        Assert.That(Fails(Spec, ("created_at[gte]", "2024-12-31"), ("created_at[lte]", "2024-01-01")).Message,
            Is.EqualTo("created_at has a lower bound after its upper bound"));

    [Test]
    public void Parse_WholeYear_IsAHalfOpenRange()
    {
        var filters = Parse(Spec, ("created_at[gte]", "2024-01-01"), ("created_at[lte]", "2024-12-31")).Value.Filters;
        Assert.That(filters.Select(f => f.Value), Is.EqualTo(new object[]
        {
            new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }));
    }

    [TestCase("state[gte]")]
    [TestCase("is_active[lt]")]
    public void Parse_ComparisonOnNonComparableField_Fails(string key) =>
        Assert.That(Fails(Spec, (key, "open")).Details![0].Message, Does.StartWith("does not support comparison operators"));

    [Test]
    public void Parse_UnknownOperator_Fails() =>
        Assert.That(Fails(Spec, ("created_at[ne]", "2024-01-01")).Details![0].Message, Does.StartWith("uses an unknown operator"));

    [Test]
    public void Parse_SingleResourceSpec_AcceptsOnlyFields()
    {
        var single = GetOrganization.Query.Spec;
        Assert.That(QueryOptionsParser.Parse(single, QueryParameters.Of(("fields", "id,name"))).IsSuccess, Is.True);
        var error = QueryOptionsParser.Parse(single, QueryParameters.Of(("page", "1"))).Error!;
        Assert.That(error.Details![0], Is.EqualTo(new ErrorDetail("page", "is not a recognised parameter; allowed: fields")));
    }

    [Test]
    public void Parse_NoneSpec_RejectsEverything() =>
        Assert.That(QueryOptionsParser.Parse(QuerySpec.None, QueryParameters.Of(("fields", "id"))).IsSuccess, Is.False);
}
