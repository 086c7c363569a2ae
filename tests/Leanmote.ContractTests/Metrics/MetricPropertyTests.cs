using System.Globalization;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Metrics;

/// <summary>
/// Properties every metric must hold, checked over generated data (the small demo set, deterministic by seed) on a
/// host of its own: bucket sample sizes add up to the total, a team's breakdown entry equals the team-filtered value,
/// evidence reproduces the value and every bucket, POST equals GET, and filter ids of another tenant are a 400.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class MetricPropertyTests : ContractTest
{
    /// <summary>A past window (so as_of is its end and two calls answer the same) of the demo data.</summary>
    private const string Window = "start_date=2026-09-01&end_date=2026-11-29";

    private InProcessApi _host = null!;
    private ApiClient _api = null!;
    private string _token = "";
    private string[] _teams = [];

    private static readonly string[] CountedMetrics =
    [
        "dora/deployment_frequency", "dora/lead_time_for_changes", "dora/change_failure_rate", "dora/mean_time_to_recover",
        "dora/pull_request_activity/created", "dora/pull_request_activity/merged",
        "review_collaboration/reviewer/pickup_time", "review_collaboration/reviewer/reaction_time",
        "review_collaboration/reviewer/time_to_first_approval", "review_collaboration/submitter/iterated_prs",
        "review_collaboration/submitter/pr_iteration_time", "review_collaboration/submitter/responsiveness",
        "review_collaboration/submitter/time_to_merge", "team_activity/reviews_count",
    ];

    /// <summary>The host's limits are high enough that the property sweeps never meet them.</summary>
    private static readonly Dictionary<string, string> Unlimited = new(StringComparer.Ordinal)
    {
        ["Leanmote__Access__RequestsPerMinute"] = "1000000",
        ["Leanmote__Access__RequestsPerHour"] = "1000000",
    };

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!Target.IsInProcess) return;
        _host = await InProcessApi.StartWithFreshDatabaseAsync(InProcessApi.DatabaseName("_metrics_demo"), Unlimited);
        var seeded = await _host.RunHostCommandAsync("seed-demo", "--size", "small");
        Assert.That(seeded.ExitCode, Is.Zero, seeded.StandardError);
        _token = await _host.CreateTokenAsync("admin@acme.example");
        _api = new ApiClient(_host.BaseAddress);
        var context = await DataAsync($"/v1/metrics/context?{Window}");
        _teams = [.. context.GetProperty("scope").GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];
        Assert.That(_teams, Has.Length.GreaterThan(1));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (!Target.IsInProcess) return;
        _api.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<JsonElement> DataAsync(string path)
    {
        var response = await _api.GetAsync(path, _token);
        Assert.That(response.StatusCode, Is.EqualTo(200), $"{path}: {response}");
        return response.Json.GetProperty("data");
    }

    private static decimal? Value(JsonElement e) => e.GetProperty("value").ValueKind == JsonValueKind.Null ? null : e.GetProperty("value").GetDecimal();

    [TestCaseSource(nameof(CountedMetrics))]
    public async Task BucketSampleSizes_AddUpToTheTotal_ForEveryGranularity(string route)
    {
        foreach (var granularity in new[] { "day", "week", "month" })
        {
            var m = await DataAsync($"/v1/metrics/{route}?{Window}&granularity={granularity}");
            var total = m.GetProperty("sample_size").GetInt32();
            Assert.That(total, Is.GreaterThan(0), $"{route}: the demo data must make it non-trivial");
            Assert.That(m.GetProperty("series").EnumerateArray().Sum(b => b.GetProperty("sample_size").GetInt32()), Is.EqualTo(total), $"{route} by {granularity}");
        }
    }

    [TestCaseSource(nameof(CountedMetrics))]
    public async Task TeamBreakdownEntry_EqualsTheTeamFilteredValue(string route)
    {
        var m = await DataAsync($"/v1/metrics/{route}?{Window}&breakdown=team");
        var entries = m.GetProperty("breakdown").GetProperty("teams").EnumerateArray().ToList();
        Assert.That(entries, Has.Count.EqualTo(_teams.Length));
        foreach (var entry in entries)
        {
            var team = entry.GetProperty("id").GetString();
            var filtered = await DataAsync($"/v1/metrics/{route}?{Window}&team_ids={team}");
            Assert.That(Value(entry), Is.EqualTo(Value(filtered)), $"{route} {team}");
            Assert.That(entry.GetProperty("sample_size").GetInt32(), Is.EqualTo(filtered.GetProperty("sample_size").GetInt32()), $"{route} {team}");
        }
    }

    [TestCaseSource(nameof(CountedMetrics))]
    public async Task Evidence_ReproducesTheValueAndEveryBucket(string route)
    {
        var first = await DataAsync($"/v1/metrics/{route}?{Window}&include=evidence&evidence_per_page=500");
        var evidence = first.GetProperty("evidence");
        var field = evidence.GetProperty("value_field").GetString()!;
        var items = new List<JsonElement>(evidence.GetProperty("items").EnumerateArray());
        for (var page = 2; page <= evidence.GetProperty("total_pages").GetInt32(); page++)
        {
            var more = await DataAsync($"/v1/metrics/{route}?{Window}&include=evidence&evidence_per_page=500&evidence_page={page}");
            items.AddRange(more.GetProperty("evidence").GetProperty("items").EnumerateArray());
        }
        Assert.That(items, Has.Count.EqualTo(first.GetProperty("sample_size").GetInt32()));
        Assert.That(items.Select(i => i.GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(items.Count), "no item twice across pages");

        var aggregation = first.GetProperty("aggregation").GetString();
        decimal? Recompute(IReadOnlyList<JsonElement> subset, int days)
        {
            var values = subset.Select(i => i.GetProperty(field).GetDecimal()).Order().ToList();
            return aggregation switch
            {
                "count" => values.Count,
                "rate" => Round((decimal)values.Count / days),
                "mean" => values.Count == 0 ? null : Round(values.Sum() / values.Count),
                "median" => values.Count == 0 ? null : Round(Median(values)),
                "percent" => subset.Count == 0 ? null : Round(100m * subset.Count(i => i.GetProperty("failed").GetBoolean()) / subset.Count),
                _ => throw new InvalidOperationException(aggregation),
            };
        }
        Assert.That(Recompute(items, 90), Is.EqualTo(Value(first)), $"{route}: {evidence.GetProperty("formula")}");
        foreach (var bucket in first.GetProperty("series").EnumerateArray())
        {
            var start = bucket.GetProperty("bucket_start").GetString();
            var days = DateOnly.Parse(bucket.GetProperty("bucket_end").GetString()!, CultureInfo.InvariantCulture).DayNumber
                - DateOnly.Parse(start!, CultureInfo.InvariantCulture).DayNumber + 1;
            var subset = items.Where(i => i.GetProperty("bucket_start").GetString() == start).ToList();
            Assert.That(Recompute(subset, days), Is.EqualTo(Value(bucket)), $"{route} bucket {start}");
        }
    }

    [Test]
    public async Task DoraMetrics_PostEqualsGet()
    {
        var get = await _api.GetAsync($"/v1/metrics/dora-metrics?{Window}&team_ids={_teams[0]}&breakdown=member", _token);
        var post = await _api.PostJsonAsync("/v1/metrics/dora-metrics", _token,
            $$"""{"start_date":"2026-09-01","end_date":"2026-11-29","team_ids":["{{_teams[0]}}"],"breakdown":"member"}""");
        Assert.That(post.StatusCode, Is.EqualTo(200), post.ToString());
        Assert.That(post.Json.GetProperty("data").GetRawText(), Is.EqualTo(get.Json.GetProperty("data").GetRawText()));
    }

    [Test]
    public async Task TeamCollaboration_IsTheReviewSetPlusInteractions_EachEqualToItsRoute_AndPostEqualsGet()
    {
        var get = await _api.GetAsync($"/v1/metrics/team-collaboration?{Window}", _token);
        Assert.That(get.StatusCode, Is.EqualTo(200), get.ToString());
        var data = get.Json.GetProperty("data");
        Assert.That(data.GetProperty("family").GetString(), Is.EqualTo("review_collaboration"));
        Assert.That(data.TryGetProperty("context", out _), Is.True);
        var metrics = data.GetProperty("metrics");
        Assert.That(EnvelopeAssert.Names(metrics), Is.EqualTo(new[]
        {
            "pickup_time", "reaction_time", "sharing_index", "time_to_first_approval", "iterated_prs", "pr_iteration_time",
            "responsiveness", "time_to_merge", "interactions",
        }));
        var review = (await DataAsync($"/v1/metrics/review_collaboration?{Window}")).GetProperty("metrics");
        foreach (var key in EnvelopeAssert.Names(review))
            Assert.That(metrics.GetProperty(key).GetRawText(), Is.EqualTo(review.GetProperty(key).GetRawText()), key);
        var graph = await DataAsync($"/v1/metrics/interactions?{Window}");
        Assert.That(metrics.GetProperty("interactions").GetRawText(), Is.EqualTo(graph.GetProperty("summary").GetRawText()));
        var post = await _api.PostJsonAsync("/v1/metrics/team-collaboration", _token, """{"start_date":"2026-09-01","end_date":"2026-11-29"}""");
        Assert.That(post.Json.GetProperty("data").GetProperty("metrics").GetRawText(), Is.EqualTo(metrics.GetRawText()));
    }

    [Test]
    public async Task SetEntries_EqualTheirOwnRoutes()
    {
        var set = (await DataAsync($"/v1/metrics/dora?{Window}")).GetProperty("metrics");
        foreach (var (key, route) in new[] { ("deployment_frequency", "dora/deployment_frequency"), ("pull_requests_open", "dora/pull_request_activity/open") })
            Assert.That(set.GetProperty(key).GetRawText(), Is.EqualTo((await DataAsync($"/v1/metrics/{route}?{Window}")).GetRawText()), key);
    }

    [Test]
    public async Task FilterIdOfAnotherOrganization_Is400_AndRevealsNothing()
    {
        var organizations = EnvelopeAssert.List(await _api.GetAsync("/v1/organizations?per_page=100", _token));
        var globexTeam = await _host.SqlAsync("SELECT t.id FROM teams t JOIN organizations o ON o.id = t.organization_id WHERE o.slug <> 'acme' ORDER BY t.id LIMIT 1");
        Assert.That(organizations, Has.Length.EqualTo(1), "the demo admin belongs to Acme only");
        var acme = organizations[0].GetProperty("id").GetString();
        foreach (var team in new[] { "team_" + Convert.ToInt64(globexTeam, CultureInfo.InvariantCulture), "team_987654321" })
        {
            var response = await _api.GetAsync($"/v1/metrics/dora/deployment_frequency?team_ids={team}", _token);
            Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
            Assert.That(response.Json.GetProperty("error").GetProperty("details")[0].GetProperty("message").GetString(),
                Is.EqualTo($"{team} is not a team of {acme}"));
        }
    }

    private static decimal Round(decimal v) => Math.Round(v, 4, MidpointRounding.AwayFromZero);

    private static decimal Median(IReadOnlyList<decimal> sorted)
    {
        var h = (sorted.Count - 1) * 0.5m;
        var lo = (int)Math.Floor(h);
        var hi = (int)Math.Ceiling(h);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
