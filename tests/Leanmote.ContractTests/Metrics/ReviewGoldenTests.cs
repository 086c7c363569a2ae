using System.Text.Json;
using Leanmote.ContractTests.Support;
using static Leanmote.ContractTests.Metrics.MetricsWorld;

namespace Leanmote.ContractTests.Metrics;

/// <summary>
/// The worked review collaboration examples of metrics.md §10.3, over HTTP, with exactly those rows: PRs A–E in
/// repo_1 (none a draft); Dave and Erin are outside team_1 but review.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ReviewGoldenTests : ContractTest
{
    private const string Base = "/v1/metrics/review_collaboration";

    private MetricsWorld _w = null!;
    private readonly Dictionary<char, long> _pr = [];

    [OneTimeSetUp]
    public async Task InsertAsync()
    {
        if (!Target.IsInProcess) return;
        _w = await MetricsWorld.CreateAsync(Target.Host!, "GoldenReview");
        var (alice, bob, carol, dave, erin) = (_w.Alice, _w.Bob, _w.Carol, _w.Dave, _w.Erin);

        var a = _pr['A'] = await _w.PullRequestAsync(1, alice, At("03-02 09:00"), At("03-02 17:00"), mergedBy: alice);
        await _w.CommitAsync(alice, At("03-02 08:30"), a);
        await _w.CommentAsync(a, carol, At("03-02 11:00"));
        await _w.CommentAsync(a, alice, At("03-02 12:00"));
        await _w.ReviewAsync(a, carol, "approved", At("03-02 16:00"));

        var b = _pr['B'] = await _w.PullRequestAsync(2, bob, At("03-03 10:00"), At("03-04 12:00"), mergedBy: carol);
        await _w.ReviewAsync(b, dave, "changes_requested", At("03-03 14:00"));
        await _w.CommitAsync(bob, At("03-03 18:00"), b);
        await _w.CommentAsync(b, dave, At("03-04 09:00"));
        await _w.ReviewAsync(b, carol, "approved", At("03-04 10:00"));

        var c = _pr['C'] = await _w.PullRequestAsync(3, alice, At("03-05 09:00"), At("03-06 10:00"), mergedBy: alice);
        await _w.CommitAsync(erin, At("03-05 13:00"), c);
        await _w.ReviewAsync(c, carol, "approved", At("03-06 09:00"));

        var d = _pr['D'] = await _w.PullRequestAsync(4, bob, At("03-09 08:00"), At("03-10 16:00"), mergedBy: dave);
        await _w.CommentAsync(d, carol, At("03-09 20:00"));
        await _w.CommentAsync(d, dave, At("03-10 08:00"));
        await _w.CommitAsync(bob, At("03-10 10:00"), d);
        await _w.CommentAsync(d, bob, At("03-10 11:00"));
        await _w.ReviewAsync(d, dave, "approved", At("03-10 15:00"));

        var e = _pr['E'] = await _w.PullRequestAsync(5, alice, At("03-12 10:00"), null);
        await _w.ReviewAsync(e, alice, "approved", At("03-12 11:00"));
    }

    private async Task<JsonElement> MetricAsync(string route, string extra = "")
    {
        var response = await Api.GetAsync($"{Base}/{route}?{_w.Query}{extra}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        return response.Json.GetProperty("data");
    }

    private static void AssertHeader(JsonElement m, string key, string unit, string aggregation)
    {
        Assert.That(m.GetProperty("key").GetString(), Is.EqualTo(key));
        Assert.That(m.GetProperty("unit").GetString(), Is.EqualTo(unit));
        Assert.That(m.GetProperty("aggregation").GetString(), Is.EqualTo(aggregation));
    }

    private string Pr(char name) => "pr_" + _pr[name];

    [Test]
    public async Task PickupTime_GoldenExample()
    {
        var m = await MetricAsync("reviewer/pickup_time");
        Assert.That(EnvelopeAssert.Names(m), Is.EqualTo(new[]
            { "key", "unit", "aggregation", "value", "sample_size", "stats", "previous", "delta", "series", "breakdown", "distribution", "details" }));
        AssertHeader(m, "pickup_time", "hours", "mean");
        Assert.That(Number(m, "value"), Is.EqualTo(5.5m));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(4));
        Assert.That(Number(m, "stats.median"), Is.EqualTo(4));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 3.3333m, 12 }));
        Assert.That(SeriesSizes(m), Is.EqualTo(new[] { 3, 1 }));
        Assert.That(Number(m, "previous.sample_size"), Is.Zero);
    }

    [Test]
    public async Task TimeToFirstApproval_GoldenExample_IgnoresTheSelfApproval()
    {
        var m = await MetricAsync("reviewer/time_to_first_approval");
        AssertHeader(m, "time_to_first_approval", "hours", "mean");
        Assert.That(Number(m, "value"), Is.EqualTo(21.5m));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(4));
        Assert.That(Number(m, "stats.min"), Is.EqualTo(7));
        Assert.That(Number(m, "stats.max"), Is.EqualTo(31));
    }

    [Test]
    public async Task TimeToMerge_GoldenExample()
    {
        var m = await MetricAsync("submitter/time_to_merge");
        AssertHeader(m, "time_to_merge", "hours", "mean");
        Assert.That(Number(m, "value"), Is.EqualTo(22.75m));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(4));
        Assert.That(Number(m, "stats.median"), Is.EqualTo(25.5m));
    }

    [Test]
    public async Task IteratedPrs_GoldenExample()
    {
        var m = await MetricAsync("submitter/iterated_prs");
        AssertHeader(m, "iterated_prs", "percent", "percent");
        Assert.That(Number(m, "value"), Is.EqualTo(75));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(4));
        Assert.That(Number(m, "details.iterated_count"), Is.EqualTo(3));
        Assert.That(m.GetProperty("stats").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task PrIterationTime_GoldenExample()
    {
        var m = await MetricAsync("submitter/pr_iteration_time");
        AssertHeader(m, "pr_iteration_time", "hours", "mean");
        Assert.That(Number(m, "value"), Is.EqualTo(9));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(2));
        Assert.That(Number(m, "details.excluded_no_feedback"), Is.EqualTo(1));
        Assert.That(Number(m, "details.excluded_no_iteration"), Is.EqualTo(1));
    }

    [Test]
    public async Task Responsiveness_GoldenExample()
    {
        var m = await MetricAsync("submitter/responsiveness");
        AssertHeader(m, "responsiveness", "hours", "mean");
        Assert.That(Number(m, "value"), Is.EqualTo(6.3333m));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task ReactionTime_GoldenExample()
    {
        var m = await MetricAsync("reviewer/reaction_time");
        AssertHeader(m, "reaction_time", "hours", "mean");
        Assert.That(Number(m, "value"), Is.EqualTo(8));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task SharingIndex_GoldenExample()
    {
        var m = await MetricAsync("reviewer/sharing_index");
        AssertHeader(m, "sharing_index", "score", "score");
        Assert.That(Number(m, "value"), Is.EqualTo(59.2593m));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(9));
        Assert.That(m.GetProperty("stats").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Number(m, "details.available_reviewers"), Is.EqualTo(3));
        Assert.That(Number(m, "details.participating_reviewers"), Is.EqualTo(2));
        Assert.That(Number(m, "details.gini"), Is.EqualTo(0.1111m));
        var reviewers = m.GetProperty("details").GetProperty("reviewers").EnumerateArray()
            .Select(r => (r.GetProperty("id").GetString(), r.GetProperty("name").GetString(), r.GetProperty("activities").GetInt32())).ToArray();
        Assert.That(reviewers, Is.EqualTo(new[] { ("usr_" + _w.Carol, "Carol", 5), ("usr_" + _w.Dave, "Dave", 4) }));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 44.4444m, 66.6667m }));
        Assert.That(SeriesSizes(m), Is.EqualTo(new[] { 6, 3 }));
    }

    [Test]
    public async Task SharingIndex_TeamBreakdown_GroupsByThePrAuthor()
    {
        var m = await MetricAsync("reviewer/sharing_index", "&breakdown=team");
        var teams = m.GetProperty("breakdown").GetProperty("teams");
        Assert.That(teams.GetArrayLength(), Is.EqualTo(1));
        Assert.That(teams[0].GetProperty("id").GetString(), Is.EqualTo(_w.Team1Id));
        Assert.That(Number(teams[0], "value"), Is.EqualTo(59.2593m));
        Assert.That(Number(teams[0], "sample_size"), Is.EqualTo(9));
    }

    [Test]
    public async Task SharingIndex_MemberBreakdown_Is400()
    {
        var response = await Api.GetAsync($"{Base}/reviewer/sharing_index?{_w.Query}&breakdown=member", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
        Assert.That(response.Json.GetProperty("error").GetProperty("details")[0].GetProperty("field").GetString(), Is.EqualTo("breakdown"));
    }

    [Test]
    public async Task PickupTime_MemberBreakdown_GroupsByThePrAuthor()
    {
        var m = await MetricAsync("reviewer/pickup_time", "&breakdown=member");
        var members = m.GetProperty("breakdown").GetProperty("members").EnumerateArray()
            .Select(x => (x.GetProperty("id").GetString(), x.GetProperty("value").GetDecimal(), x.GetProperty("sample_size").GetInt32())).ToArray();
        Assert.That(members, Is.EqualTo(new[] { ("usr_" + _w.Alice, 3m, 2), ("usr_" + _w.Bob, 8m, 2) }));
    }

    [Test]
    public async Task Set_HasTheEightKeysInContractOrder_EachEqualToItsRoute()
    {
        var set = await Api.GetAsync($"{Base}?{_w.Query}", _w.Token);
        Assert.That(set.StatusCode, Is.EqualTo(200), set.ToString());
        var data = set.Json.GetProperty("data");
        Assert.That(data.GetProperty("family").GetString(), Is.EqualTo("review_collaboration"));
        var metrics = data.GetProperty("metrics");
        Assert.That(EnvelopeAssert.Names(metrics), Is.EqualTo(new[]
            { "pickup_time", "reaction_time", "sharing_index", "time_to_first_approval", "iterated_prs", "pr_iteration_time", "responsiveness", "time_to_merge" }));
        foreach (var (key, route) in new[] { ("pickup_time", "reviewer/pickup_time"), ("sharing_index", "reviewer/sharing_index"), ("responsiveness", "submitter/responsiveness") })
        {
            var own = await MetricAsync(route);
            Assert.That(metrics.GetProperty(key).GetRawText(), Is.EqualTo(own.GetRawText()), key);
        }
    }

    [Test]
    public async Task Payload_ReviewCollaborationFamily_IsTheSet()
    {
        var response = await Api.GetAsync($"/v1/metrics?{_w.Query}&families=review_collaboration", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var data = response.Json.GetProperty("data");
        Assert.That(EnvelopeAssert.Names(data), Is.EqualTo(new[] { "context", "review_collaboration" }));
        Assert.That(Number(data, "review_collaboration.metrics.time_to_merge.value"), Is.EqualTo(22.75m));
    }

    [Test]
    public async Task Responsiveness_Evidence_ItemsReproduceValueAndSeries()
    {
        var m = await MetricAsync("submitter/responsiveness", "&include=evidence");
        var evidence = m.GetProperty("evidence");
        Assert.That(evidence.GetProperty("item_type").GetString(), Is.EqualTo("response_pair"));
        Assert.That(evidence.GetProperty("value_field").GetString(), Is.EqualTo("hours"));
        Assert.That(Number(evidence, "total"), Is.EqualTo(m.GetProperty("sample_size").GetInt32()));
        var items = evidence.GetProperty("items").EnumerateArray().ToArray();
        Assert.That(items.Select(i => i.GetProperty("pull_request_id").GetString()), Is.EqualTo(new[] { Pr('A'), Pr('B'), Pr('D') }));
        Assert.That(items.Select(i => i.GetProperty("kind").GetString()), Is.EqualTo(new[] { "comment", "commit", "commit" }), "the event that opened the author's turn");
        Assert.That(items.Select(i => i.GetProperty("id").GetString()![..4]), Is.EqualTo(new[] { "prc_", "cmt_", "cmt_" }));
        Assert.That(items.Select(i => i.GetProperty("hours").GetDecimal()), Is.EqualTo(new[] { 1m, 4m, 14m }));
        Assert.That(items[2].GetProperty("previous_turn_at").GetString(), Is.EqualTo("2026-03-09T20:00:00Z"));
        Assert.That(items[2].GetProperty("anchor_at").GetString(), Is.EqualTo("2026-03-10T10:00:00Z"));
        Assert.That(Math.Round(items.Average(i => i.GetProperty("hours").GetDecimal()), 4, MidpointRounding.AwayFromZero), Is.EqualTo(Number(m, "value")));
        var buckets = m.GetProperty("series").EnumerateArray().Select(b => b.GetProperty("bucket_start").GetString()).ToArray();
        var recomputed = buckets.Select(start => items.Where(i => i.GetProperty("bucket_start").GetString() == start).Select(i => i.GetProperty("hours").GetDecimal()).ToArray())
            .Select(h => h.Length == 0 ? (decimal?)null : Math.Round(h.Average(), 4, MidpointRounding.AwayFromZero)).ToArray();
        Assert.That(recomputed, Is.EqualTo(Series(m)));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 2.5m, 14 }));
    }

    [Test]
    public async Task SharingIndex_Evidence_ListsActivitiesAndAvailabilityOnlyCommits()
    {
        var m = await MetricAsync("reviewer/sharing_index", "&include=evidence");
        var items = m.GetProperty("evidence").GetProperty("items").EnumerateArray().ToArray();
        Assert.That(items, Has.Length.EqualTo(10));
        Assert.That(items.Sum(i => i.GetProperty("activity").GetInt32()), Is.EqualTo(m.GetProperty("sample_size").GetInt32()));
        var erin = items.Single(i => i.GetProperty("person").GetString() == "usr_" + _w.Erin);
        Assert.That(erin.GetProperty("activity").GetInt32(), Is.Zero);
        Assert.That(erin.GetProperty("kind").GetString(), Is.EqualTo("commit"));
        Assert.That(items.Select(i => i.GetProperty("person").GetString()).Distinct().Count(), Is.EqualTo(3), "available reviewers");
        Assert.That(items.Select(i => i.GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(items.Length), "one item per event");
    }

    [Test]
    public async Task AllMergeRequests_ItemsFieldsAndDefaultSort()
    {
        var response = await Api.GetAsync($"{Base}/reviewer/all_merge_requests?{_w.Query}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var data = response.Json.GetProperty("data");
        var summary = data.GetProperty("summary");
        Assert.That(summary.GetProperty("key").GetString(), Is.EqualTo("merge_requests"));
        Assert.That(summary.GetProperty("unit").GetString(), Is.EqualTo("count"));
        Assert.That(Number(summary, "value"), Is.EqualTo(5));
        Assert.That(Series(summary), Is.EqualTo(new decimal?[] { 3, 2 }));
        var items = data.GetProperty("items").EnumerateArray().ToArray();
        Assert.That(items.Select(i => i.GetProperty("pull_request_id").GetString()), Is.EqualTo(new[] { Pr('E'), Pr('D'), Pr('C'), Pr('B'), Pr('A') }));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EqualTo(new[]
        {
            "pull_request_id", "repository_id", "number", "title", "author_id", "author_login", "state", "is_draft", "is_ai_assisted",
            "opened_at", "first_interaction_at", "first_approval_at", "merged_at", "pickup_hours", "time_to_first_approval_hours",
            "time_to_merge_hours", "reviewers", "review_activities", "follow_on_commits", "additions", "deletions",
        }));

        var b = items[3];
        Assert.That(b.GetProperty("repository_id").GetString(), Is.EqualTo("repo_" + _w.Repo));
        Assert.That(b.GetProperty("number").GetInt32(), Is.EqualTo(2));
        Assert.That(b.GetProperty("author_id").GetString(), Is.EqualTo("usr_" + _w.Bob));
        Assert.That(b.GetProperty("state").GetString(), Is.EqualTo("merged"));
        Assert.That(b.GetProperty("is_draft").GetBoolean(), Is.False);
        Assert.That(b.GetProperty("opened_at").GetString(), Is.EqualTo("2026-03-03T10:00:00Z"));
        Assert.That(b.GetProperty("first_interaction_at").GetString(), Is.EqualTo("2026-03-03T14:00:00Z"));
        Assert.That(b.GetProperty("first_approval_at").GetString(), Is.EqualTo("2026-03-04T10:00:00Z"));
        Assert.That(b.GetProperty("merged_at").GetString(), Is.EqualTo("2026-03-04T12:00:00Z"));
        Assert.That(Number(b, "pickup_hours"), Is.EqualTo(4));
        Assert.That(Number(b, "time_to_first_approval_hours"), Is.EqualTo(24));
        Assert.That(Number(b, "time_to_merge_hours"), Is.EqualTo(26));
        Assert.That(b.GetProperty("reviewers").EnumerateArray().Select(r => r.GetString()),
            Is.EqualTo(new[] { "usr_" + _w.Carol, "usr_" + _w.Dave }.Order(StringComparer.Ordinal)));
        Assert.That(b.GetProperty("review_activities").GetInt32(), Is.EqualTo(3));
        Assert.That(b.GetProperty("follow_on_commits").GetInt32(), Is.EqualTo(1));

        var e = items[0];
        Assert.That(e.GetProperty("state").GetString(), Is.EqualTo("open"));
        Assert.That(e.GetProperty("first_interaction_at").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(e.GetProperty("first_approval_at").ValueKind, Is.EqualTo(JsonValueKind.Null), "self-approval");
        Assert.That(e.GetProperty("pickup_hours").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(e.GetProperty("reviewers").GetArrayLength(), Is.Zero);
        Assert.That(e.GetProperty("review_activities").GetInt32(), Is.Zero);

        var a = items[4];
        Assert.That(a.GetProperty("follow_on_commits").GetInt32(), Is.Zero, "its commit predates opening");
        Assert.That(a.GetProperty("review_activities").GetInt32(), Is.EqualTo(2));

        var meta = response.Json.GetProperty("meta");
        Assert.That(meta.GetProperty("total").GetInt32(), Is.EqualTo(5));
        Assert.That(meta.GetProperty("sort").GetString(), Is.EqualTo("opened_at"));
        Assert.That(meta.GetProperty("order").GetString(), Is.EqualTo("desc"));
    }

    [TestCase("asc", new[] { 'A', 'B', 'C', 'D', 'E' })]
    [TestCase("desc", new[] { 'D', 'B', 'C', 'A', 'E' })]
    public async Task AllMergeRequests_SortByPickupHours_NullsLastEitherWay(string order, char[] expected)
    {
        var response = await Api.GetAsync($"{Base}/reviewer/all_merge_requests?{_w.Query}&sort=pickup_hours&order={order}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var ids = response.Json.GetProperty("data").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("pull_request_id").GetString());
        Assert.That(ids, Is.EqualTo(expected.Select(Pr)));
    }

    [Test]
    public async Task AllMergeRequests_SecondPage_HoldsTheNextItemsAndPagingMeta()
    {
        var response = await Api.GetAsync($"{Base}/reviewer/all_merge_requests?{_w.Query}&sort=number&order=asc&per_page=2&page=2", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var ids = response.Json.GetProperty("data").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("pull_request_id").GetString());
        Assert.That(ids, Is.EqualTo(new[] { Pr('C'), Pr('D') }));
        var meta = response.Json.GetProperty("meta");
        Assert.That(meta.GetProperty("page").GetInt32(), Is.EqualTo(2));
        Assert.That(meta.GetProperty("per_page").GetInt32(), Is.EqualTo(2));
        Assert.That(meta.GetProperty("total").GetInt32(), Is.EqualTo(5));
        Assert.That(meta.GetProperty("total_pages").GetInt32(), Is.EqualTo(3));
        Assert.That(Number(response.Json.GetProperty("data"), "summary.value"), Is.EqualTo(5), "the summary covers every item, not the page");
    }

    [Test]
    public async Task AllMergeRequests_UnknownSort_Is400()
    {
        var response = await Api.GetAsync($"{Base}/reviewer/all_merge_requests?{_w.Query}&sort=title", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
        Assert.That(response.Json.GetProperty("error").GetProperty("details")[0].GetProperty("field").GetString(), Is.EqualTo("sort"));
    }
}
