using Leanmote.ContractTests.Support;
using static Leanmote.ContractTests.Metrics.MetricsWorld;

namespace Leanmote.ContractTests.Metrics;

/// <summary>
/// metrics.md §6.3 with <c>dora.deployment_source = pull_requests</c>: every PR merged into its repository's default
/// branch is a deployment at its merge, failed when its title or head branch matches <c>dora.failure_pr_pattern</c>.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class DoraPullRequestModeTests : ContractTest
{
    private MetricsWorld _w = null!;

    [OneTimeSetUp]
    public async Task InsertAsync()
    {
        if (!Target.IsInProcess) return;
        _w = await MetricsWorld.CreateAsync(Target.Host!, "GoldenDoraPrMode");
        await _w.ExecuteAsync("INSERT INTO organization_metric_settings (organization_id, key, value) VALUES (@o, 'dora.deployment_source', '\"pull_requests\"')", ("o", _w.Org));
        // PR1 normal; PR2 a hotfix by title; PR3 a rollback by head branch; PR4 merged into another branch (not a deployment)
        var pr1 = await _w.PullRequestAsync(1, _w.Alice, At("03-02 09:00"), At("03-03 10:00"), At("03-02 08:00"));
        var pr2 = await _w.PullRequestAsync(2, _w.Bob, At("03-04 09:00"), At("03-04 12:00"), At("03-04 06:00"));
        var pr3 = await _w.PullRequestAsync(3, _w.Alice, At("03-10 09:00"), At("03-10 11:00"), At("03-09 11:00"));
        var pr4 = await _w.PullRequestAsync(4, _w.Bob, At("03-11 09:00"), At("03-11 10:00"), At("03-11 08:00"));
        await _w.ExecuteAsync("UPDATE pull_requests SET title = 'HOTFIX: login loop' WHERE id = @p", ("p", pr2));
        await _w.ExecuteAsync("UPDATE pull_requests SET head_branch = 'rb/undo-cache' WHERE id = @p", ("p", pr3));
        await _w.ExecuteAsync("UPDATE pull_requests SET base_branch = 'develop' WHERE id = @p", ("p", pr4));
        _ = pr1;
    }

    private async Task<System.Text.Json.JsonElement> MetricAsync(string route)
    {
        var response = await Api.GetAsync($"/v1/metrics/{route}?{_w.Query}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        return response.Json.GetProperty("data");
    }

    [Test]
    public async Task DeploymentFrequency_CountsMergesIntoTheDefaultBranch()
    {
        var m = await MetricAsync("dora/deployment_frequency");
        Assert.That(Number(m, "value"), Is.EqualTo(0.2143m), "3 deployments ÷ 14 days");
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 0.2857m, 0.1429m }));
    }

    [Test]
    public async Task ChangeFailureRate_MatchesTitlesAndHeadBranches()
    {
        var m = await MetricAsync("dora/change_failure_rate");
        Assert.That(Number(m, "value"), Is.EqualTo(66.6667m));
        Assert.That(Number(m, "details.failed_count"), Is.EqualTo(2));
        Assert.That(m.GetProperty("details").GetProperty("mode").GetString(), Is.EqualTo("pull_requests"));
    }

    [Test]
    public async Task LeadTime_EndsAtTheMerge_WithNoDeployWait()
    {
        var m = await MetricAsync("dora/lead_time_for_changes");
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(3));
        Assert.That(Number(m, "value"), Is.EqualTo(24), "merge − first commit: 26 h, 6 h, 24 h → median 24");
    }

    [Test]
    public async Task DoraSet_InPullRequestMode_Answers()
    {
        var set = (await MetricAsync("dora")).GetProperty("metrics");
        Assert.That(Number(set.GetProperty("deployment_frequency"), "sample_size"), Is.EqualTo(3));
        Assert.That(Number(set.GetProperty("lead_time_for_changes"), "details.stages.deploy_wait.mean"), Is.EqualTo(0));
    }
}
