using System.Text.Json;
using Leanmote.ContractTests.Support;
using static Leanmote.ContractTests.Metrics.MetricsWorld;

namespace Leanmote.ContractTests.Metrics;

/// <summary>The worked DORA examples of metrics.md §10.1, over HTTP, with exactly those rows.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class DoraGoldenTests : ContractTest
{
    private MetricsWorld _w = null!;

    [OneTimeSetUp]
    public async Task InsertAsync()
    {
        if (!Target.IsInProcess) return;
        _w = await MetricsWorld.CreateAsync(Target.Host!, "GoldenDora");
        var n = 0;
        foreach (var (finished, status, change) in new[]
                 {
                     ("03-02 10:00", "success", "normal"), ("03-03 15:00", "success", "normal"), ("03-04 12:00", "failure", "normal"),
                     ("03-05 09:00", "success", "normal"), ("03-05 17:00", "success", "hotfix"), ("03-10 11:00", "success", "normal"),
                     ("03-12 14:00", "success", "normal"), ("03-16 09:00", "success", "normal"),
                 })
        {
            await _w.ExecuteAsync("""
                INSERT INTO deployments (organization_id, repository_id, environment, status, change_type, ref, finished_at, external_id)
                VALUES (@o, @r, 'production', @s, @c, 'main', @f, @x)
                """, ("o", _w.Org), ("r", _w.Repo), ("s", status), ("c", change), ("f", At(finished)), ("x", "d" + ++n));
        }
        foreach (var (severity, started, resolved) in new[]
                 {
                     ("sev2", "03-03 18:00", "03-03 20:30"), ("sev1", "03-10 13:00", "03-11 01:00"), ("sev3", "03-14 20:00", "03-14 21:30"),
                     ("sev1", "02-27 10:00", "03-02 04:00"), ("sev2", "03-15 10:00", null),
                 })
        {
            await _w.ExecuteAsync("""
                INSERT INTO incidents (organization_id, repository_id, title, severity, status, started_at, resolved_at, external_id)
                VALUES (@o, @r, 'incident', @s, @st, @b, @e, @x)
                """, ("o", _w.Org), ("r", _w.Repo), ("s", severity), ("st", resolved is null ? "open" : "resolved"), ("b", At(started)),
                ("e", resolved is null ? DBNull.Value : At(resolved)), ("x", "i" + ++n));
        }
        foreach (var (number, author, first, opened, merged) in new[]
                 {
                     (1, _w.Alice, "02-27 09:00", "02-27 12:00", "03-01 16:00"), (2, _w.Bob, "03-02 08:00", "03-02 09:00", "03-03 11:00"),
                     (3, _w.Alice, "03-04 10:00", "03-04 13:00", "03-05 08:00"), (4, _w.Bob, "03-05 14:00", "03-05 15:00", "03-05 16:30"),
                     (5, _w.Alice, "03-06 10:00", "03-09 09:00", "03-10 10:00"), (6, _w.Bob, "03-11 09:00", "03-11 10:00", "03-13 12:00"),
                 })
        {
            var pr = await _w.PullRequestAsync(number, author, At(opened), At(merged), At(first));
            await _w.CommitAsync(author, At(first), pr);
        }
    }

    private async Task<JsonElement> MetricAsync(string route, string extra = "")
    {
        var response = await Api.GetAsync($"/v1/metrics/{route}?{_w.Query}{extra}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        return response.Json.GetProperty("data");
    }

    [Test]
    public async Task DeploymentFrequency_GoldenExample_MatchesEveryField()
    {
        var response = await Api.GetAsync($"/v1/metrics/dora/deployment_frequency?{_w.Query}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var root = response.Json;
        var m = root.GetProperty("data");
        Assert.That(EnvelopeAssert.Names(m), Is.EqualTo(new[]
            { "key", "unit", "aggregation", "value", "sample_size", "stats", "previous", "delta", "series", "breakdown", "distribution", "details" }));
        Assert.That(m.GetProperty("key").GetString(), Is.EqualTo("deployment_frequency"));
        Assert.That(m.GetProperty("unit").GetString(), Is.EqualTo("per_day"));
        Assert.That(m.GetProperty("aggregation").GetString(), Is.EqualTo("rate"));
        Assert.That(Number(m, "value"), Is.EqualTo(0.4286m));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(6));
        Assert.That(m.GetProperty("stats").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 0.5714m, 0.2857m }));
        Assert.That(SeriesSizes(m), Is.EqualTo(new[] { 4, 2 }));
        Assert.That(m.GetProperty("series")[0].GetProperty("bucket_start").GetString(), Is.EqualTo("2026-03-02"));
        Assert.That(m.GetProperty("series")[1].GetProperty("bucket_end").GetString(), Is.EqualTo("2026-03-15"));
        Assert.That(Number(m, "details.count"), Is.EqualTo(6));
        Assert.That(Number(m, "details.deployment_days"), Is.EqualTo(5));
        Assert.That(Number(m, "details.per_week"), Is.EqualTo(3));
        Assert.That(Number(m, "details.median_deployment_days_per_week"), Is.EqualTo(2.5m));
        Assert.That(m.GetProperty("details").GetProperty("band").GetString(), Is.EqualTo("high"));
        Assert.That(Number(m, "previous.value"), Is.EqualTo(0));
        Assert.That(Number(m, "previous.sample_size"), Is.EqualTo(0));
        Assert.That(Number(m, "delta.absolute"), Is.EqualTo(0.4286m));
        Assert.That(m.GetProperty("delta").GetProperty("percent").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(m.GetProperty("value").GetRawText(), Is.EqualTo("0.4286"), "no trailing zeros");
        Assert.That(m.GetProperty("details").GetProperty("per_week").GetRawText(), Is.EqualTo("3"));

        var meta = root.GetProperty("meta");
        Assert.That(meta.GetProperty("organization_id").GetString(), Is.EqualTo(_w.OrgId));
        Assert.That(meta.GetProperty("start_date").GetString(), Is.EqualTo("2026-03-02"));
        Assert.That(meta.GetProperty("end_date").GetString(), Is.EqualTo("2026-03-15"));
        Assert.That(meta.GetProperty("days").GetInt32(), Is.EqualTo(14));
        Assert.That(meta.GetProperty("previous_start_date").GetString(), Is.EqualTo("2026-02-16"));
        Assert.That(meta.GetProperty("previous_end_date").GetString(), Is.EqualTo("2026-03-01"));
        Assert.That(meta.GetProperty("as_of").GetString(), Is.EqualTo("2026-03-16T00:00:00Z"));
        Assert.That(meta.GetProperty("granularity").GetString(), Is.EqualTo("week"));
        Assert.That(meta.GetProperty("timezone").GetString(), Is.EqualTo("UTC"));
        Assert.That(meta.GetProperty("currency").GetString(), Is.EqualTo("USD"));
        Assert.That(meta.GetProperty("filters").GetProperty("team_ids")[0].GetString(), Is.EqualTo(_w.Team1Id));
        Assert.That(meta.GetProperty("definitions_version").GetString(), Is.EqualTo("1"));
    }

    [Test]
    public async Task ChangeFailureRate_GoldenExample()
    {
        var m = await MetricAsync("dora/change_failure_rate");
        Assert.That(Number(m, "value"), Is.EqualTo(50));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(6));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 50, 50 }));
        Assert.That(SeriesSizes(m), Is.EqualTo(new[] { 4, 2 }));
        Assert.That(Number(m, "details.failed_count"), Is.EqualTo(3));
        Assert.That(Number(m, "details.failed_by_incident"), Is.EqualTo(2));
        Assert.That(Number(m, "details.failed_by_rollback_or_hotfix"), Is.EqualTo(1));
        Assert.That(Number(m, "details.attribution_window_hours"), Is.EqualTo(24));
        Assert.That(m.GetProperty("details").GetProperty("mode").GetString(), Is.EqualTo("deployments"));
        Assert.That(m.GetProperty("details").GetProperty("band").GetString(), Is.EqualTo("low"));
        Assert.That(m.GetProperty("previous").GetProperty("value").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Number(m, "previous.sample_size"), Is.EqualTo(0));
    }

    [Test]
    public async Task LeadTimeForChanges_GoldenExample()
    {
        var m = await MetricAsync("dora/lead_time_for_changes");
        Assert.That(Number(m, "value"), Is.EqualTo(31));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(5));
        var stats = m.GetProperty("stats");
        Assert.That(new[] { Number(stats, "mean"), Number(stats, "median"), Number(stats, "p75"), Number(stats, "p90"), Number(stats, "min"), Number(stats, "max") },
            Is.EqualTo(new[] { 45.4m, 31m, 73m, 87.4m, 3m, 97m }));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 27, 97 }));
        Assert.That(SeriesSizes(m), Is.EqualTo(new[] { 4, 1 }));
        var stages = m.GetProperty("details").GetProperty("stages");
        Assert.That(Number(stages, "coding.mean"), Is.EqualTo(15.8m));
        Assert.That(Number(stages, "coding.sample_size"), Is.EqualTo(5));
        Assert.That(Number(stages, "deploy_wait.mean"), Is.EqualTo(4.9m));
        Assert.That(Number(stages, "deploy_wait.sample_size"), Is.EqualTo(5));
        foreach (var stage in new[] { "waiting_for_review", "in_review", "ready_to_merge" })
        {
            Assert.That(stages.GetProperty(stage).GetProperty("mean").ValueKind, Is.EqualTo(JsonValueKind.Null), stage);
            Assert.That(Number(stages, stage + ".sample_size"), Is.EqualTo(0), stage);
        }
        Assert.That(Number(m, "details.merged_not_deployed"), Is.EqualTo(1));
        Assert.That(m.GetProperty("details").GetProperty("band").GetString(), Is.EqualTo("high"));
    }

    [Test]
    public async Task MeanTimeToRecover_GoldenExample()
    {
        var m = await MetricAsync("dora/mean_time_to_recover");
        Assert.That(Number(m, "value"), Is.EqualTo(20.5m));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(4));
        var stats = m.GetProperty("stats");
        Assert.That(new[] { Number(stats, "mean"), Number(stats, "median"), Number(stats, "p75"), Number(stats, "p90"), Number(stats, "min"), Number(stats, "max") },
            Is.EqualTo(new[] { 20.5m, 7.25m, 25.5m, 49.8m, 1.5m, 66m }));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 34.25m, 6.75m }));
        Assert.That(Number(m, "details.open_incidents"), Is.EqualTo(1));
        var severities = m.GetProperty("details").GetProperty("by_severity").EnumerateArray()
            .Select(s => (s.GetProperty("severity").GetString(), s.GetProperty("count").GetInt32(), s.GetProperty("mean_hours").GetDecimal())).ToArray();
        Assert.That(severities, Is.EqualTo(new[] { ("sev1", 2, 39m), ("sev2", 1, 2.5m), ("sev3", 1, 1.5m) }));
        Assert.That(m.GetProperty("details").GetProperty("band").GetString(), Is.EqualTo("high"));
    }

    [Test]
    public async Task PullRequestsMerged_GoldenExample()
    {
        var m = await MetricAsync("dora/pull_request_activity/merged");
        Assert.That(Number(m, "value"), Is.EqualTo(5));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 3, 2 }));
    }

    [Test]
    public async Task ChangeFailureRate_WindowWithoutDeployments_IsNullWithNullBand()
    {
        var response = await Api.GetAsync($"/v1/metrics/dora/change_failure_rate?organization_id={_w.OrgId}&start_date=2026-01-05&end_date=2026-01-11", _w.Token);
        var m = response.Json.GetProperty("data");
        Assert.That(m.GetProperty("value").ValueKind, Is.EqualTo(JsonValueKind.Null), response.Body);
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.Zero);
        Assert.That(m.GetProperty("details").GetProperty("band").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task DeploymentFrequency_ReversedWindow_Is400WithTheContractMessage()
    {
        var response = await Api.GetAsync($"/v1/metrics/dora/deployment_frequency?organization_id={_w.OrgId}&start_date=2026-03-15&end_date=2026-03-02", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
        var error = response.Json.GetProperty("error");
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("VALIDATION_ERROR"));
        Assert.That(error.GetProperty("message").GetString(), Is.EqualTo("start_date must not be after end_date"));
        Assert.That(error.GetProperty("details")[0].GetProperty("field").GetString(), Is.EqualTo("start_date"));
        Assert.That(error.GetProperty("details")[0].GetProperty("message").GetString(), Is.EqualTo("start_date must not be after end_date"));
    }

    [Test]
    public async Task Dora_Post_Is405WithAllowGet()
    {
        var response = await Api.PostJsonAsync($"/v1/metrics/dora", _w.Token, "{}");
        Assert.That(response.StatusCode, Is.EqualTo(405), response.ToString());
        Assert.That(response.Json.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("METHOD_NOT_ALLOWED"));
        Assert.That(response.Header("Allow"), Is.EqualTo("GET"));
    }
}
