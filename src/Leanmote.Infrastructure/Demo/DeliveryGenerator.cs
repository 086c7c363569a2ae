namespace Leanmote.Infrastructure.Demo;

/// <summary>
/// Deployments (staging and production, from a CI pipeline) that ship each repository's merged pull
/// requests at its team's <see cref="DeliveryPace"/> (in batches, on every merge, or on a quarterly release
/// train), with failed and cancelled attempts, rollbacks and hotfixes, infrastructure deployments without a
/// repository, and the incidents that follow some of them: attributed explicitly (deployment_id), by
/// proximity (same repository, no deployment_id), to no deployment (more than 24 h later), or to a team
/// without a repository. Open incidents and a running deployment exist near today.
/// </summary>
internal sealed class DeliveryGenerator(DemoContext ctx)
{
    private const string CiSource = "github_actions";
    private const string IncidentSource = "pagerduty";

    private readonly CopyTable<DeploymentRow> deployments = new("deployments",
        "id, organization_id, repository_id, team_id, service, environment, status, change_type, ref, commit_sha, " +
        "started_at, finished_at, source, external_id, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.RepositoryId); w.Id(r.TeamId); w.Text(r.Service);
            w.Text(r.Environment); w.Text(r.Status); w.Text(r.ChangeType); w.Text(r.Ref); w.Text(r.CommitSha);
            w.Time(r.StartedAt); w.Time(r.FinishedAt); w.Text(CiSource); w.Text(r.ExternalId); w.Time(r.StartedAt);
        });

    private readonly CopyTable<DeploymentPullRequestRow> deploymentPullRequests = new("deployment_pull_requests",
        "organization_id, deployment_id, pull_request_id",
        static (w, in r) => { w.Id(r.OrganizationId); w.Id(r.DeploymentId); w.Id(r.PullRequestId); });

    private readonly CopyTable<IncidentRow> incidents = new("incidents",
        "id, organization_id, team_id, repository_id, deployment_id, service, title, severity, status, started_at, " +
        "detected_at, resolved_at, source, external_id, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.TeamId); w.Id(r.RepositoryId); w.Id(r.DeploymentId);
            w.Text(r.Service); w.Text(r.Title); w.Text(r.Severity); w.Text(r.ResolvedAt is null ? "open" : "resolved");
            w.Time(r.StartedAt); w.Time(r.DetectedAt); w.Time(r.ResolvedAt); w.Text(IncidentSource);
            w.Text(r.ExternalId); w.Time(r.DetectedAt);
        });

    private readonly Dictionary<long, List<DateTime>> releaseTrains = [];

    private int incidentNumber;

    private Random R => ctx.Random;

    private DateTime End => ctx.Time.End;

    private long NextDeploymentId() => ctx.Ids.Deployments.Next();

    /// <summary>Deploys <paramref name="merged"/> (sorted by merged_at) of one repository, at its team's pace.</summary>
    public void AddRepository(DemoOrganization org, DemoRepository repo, IReadOnlyList<MergedPullRequest> merged)
    {
        if (merged.Count == 0)
        {
            return;
        }
        var pipeline = new Pipeline(this, org, repo);
        switch (repo.Team.Pace)
        {
            case DeliveryPace.Elite:
                DeployEveryMerge(pipeline, merged);
                break;
            case DeliveryPace.Low:
                DeployReleaseTrain(pipeline, merged);
                break;
            default:
                DeployInBatches(pipeline, merged);
                break;
        }
    }

    /// <summary>Most teams: a release on some weekday afternoons, with the usual failed attempts, rollbacks, hotfixes and incidents.</summary>
    private void DeployInBatches(Pipeline p, IReadOnlyList<MergedPullRequest> merged)
    {
        var next = 0; // first merged pull request not yet in production
        var cadenceDays = R.Between(0.6, 4.0);
        string? lastGoodSha = null;
        for (var day = ctx.Time.Start.Date; day < End; day = day.AddDays(1))
        {
            if (DemoTime.IsWeekend(day) || !R.Chance(1 / cadenceDays))
            {
                continue;
            }
            var deployAt = day.AddHours(14).AddSeconds(R.Next(0, 4 * 3600));
            var pendingEnd = next;
            while (pendingEnd < merged.Count && merged[pendingEnd].MergedAt < deployAt.AddMinutes(-40))
            {
                pendingEnd++;
            }
            if (pendingEnd == next || deployAt >= End)
            {
                continue;
            }
            var sha = merged[pendingEnd - 1].MergeSha;
            var stagingAt = merged[pendingEnd - 1].MergedAt.AddMinutes(R.Next(5, 30));
            p.Deploy("staging", R.Chance(0.97) ? "success" : "failure", "normal", stagingAt, stagingAt.AddMinutes(R.Next(4, 12)), sha, merged, next, pendingEnd);

            var roll = R.NextDouble();
            if (roll < 0.03)
            {
                p.Deploy(p.Production, "cancelled", "normal", deployAt, deployAt.AddMinutes(R.Next(1, 5)), sha, merged, next, pendingEnd);
                continue; // shipped another day
            }
            if (roll < 0.10)
            {
                p.Deploy(p.Production, "failure", "normal", deployAt, deployAt.AddMinutes(R.Next(6, 20)), sha, merged, next, pendingEnd);
                deployAt = deployAt.AddMinutes(R.Next(30, 90));
            }
            var finishedAt = deployAt.AddMinutes(R.Next(5, 20));
            if (finishedAt >= End)
            {
                continue;
            }
            var shipped = p.Deploy(p.Production, "success", "normal", deployAt, finishedAt, sha, merged, next, pendingEnd);
            next = pendingEnd;
            Aftermath(p, shipped, finishedAt, lastGoodSha, incidentChance: 0.05, rollbackChance: 0.02, hotfixChance: 0.03);
            lastGoodSha = sha;
        }

        // A pipeline running right now for what was merged since the last release.
        if (next < merged.Count && R.Chance(0.15))
        {
            var startedAt = End.AddMinutes(-R.Next(2, 40));
            if (merged[^1].MergedAt < startedAt)
            {
                p.Deploy(p.Production, "in_progress", "normal", startedAt, null, merged[^1].MergeSha, merged, next, merged.Count);
            }
        }

        // An incident on a Sunday, more than a day after Friday's last deployment: attributed to no deployment.
        if (R.Chance(0.3))
        {
            var sunday = DemoTime.Monday(ctx.Time.Start.AddDays(R.Next(7, 350))).AddDays(6).AddHours(10 + R.Next(0, 6));
            if (sunday < End)
            {
                AddIncident(p.Org, p.Repository.Team, p.Repository, null, sunday);
            }
        }
    }

    /// <summary>The elite team: every merge goes to production within the hour; failures are rare and short.</summary>
    private void DeployEveryMerge(Pipeline p, IReadOnlyList<MergedPullRequest> merged)
    {
        string? lastGoodSha = null;
        for (var next = 0; next < merged.Count;)
        {
            var deployAt = merged[next].MergedAt.AddMinutes(R.Next(8, 25));
            var pendingEnd = next + 1;
            while (pendingEnd < merged.Count && merged[pendingEnd].MergedAt < deployAt.AddMinutes(-3))
            {
                pendingEnd++; // merged while the pipeline was building: ships in the same run
            }
            var sha = merged[pendingEnd - 1].MergeSha;
            var stagingAt = deployAt.AddMinutes(-R.Next(4, 7));
            p.Deploy("staging", "success", "normal", stagingAt, stagingAt.AddMinutes(3), sha, merged, next, pendingEnd);
            if (R.Chance(0.03))
            {
                p.Deploy(p.Production, "failure", "normal", deployAt, deployAt.AddMinutes(R.Next(3, 8)), sha, merged, next, pendingEnd);
                deployAt = deployAt.AddMinutes(R.Next(10, 25));
            }
            var finishedAt = deployAt.AddMinutes(R.Next(3, 9));
            if (finishedAt >= End)
            {
                break; // merged just now: not deployed yet
            }
            var shipped = p.Deploy(p.Production, "success", "normal", deployAt, finishedAt, sha, merged, next, pendingEnd);
            next = pendingEnd;
            Aftermath(p, shipped, finishedAt, lastGoodSha, incidentChance: 0.01, rollbackChance: 0.008, hotfixChance: 0);
            lastGoodSha = sha;
        }
    }

    /// <summary>
    /// The low team: one release train per quarter for all of its repositories (the same days), from long-lived
    /// branches; two releases in three break production, take weeks to recover and need a hotfix deployment.
    /// Weeks after each release a further incident follows that no deployment is blamed for (beyond the window).
    /// </summary>
    private void DeployReleaseTrain(Pipeline p, IReadOnlyList<MergedPullRequest> merged)
    {
        if (!releaseTrains.TryGetValue(p.Repository.Team.Id, out var train))
        {
            train = [];
            for (var day = ctx.Time.Start.Date.AddDays(R.Next(20, 50)); day < End; day = day.AddDays(R.Next(80, 95)))
            {
                train.Add(DemoTime.IsWeekend(day) ? DemoTime.Monday(day).AddDays(7) : day);
            }
            releaseTrains[p.Repository.Team.Id] = train;
        }
        var next = 0;
        for (var k = 0; k < train.Count; k++)
        {
            var deployAt = train[k].AddHours(15).AddMinutes(R.Next(0, 90));
            var pendingEnd = next;
            while (pendingEnd < merged.Count && merged[pendingEnd].MergedAt < deployAt.AddHours(-24))
            {
                pendingEnd++; // code freeze the day before
            }
            var finishedAt = deployAt.AddMinutes(R.Next(40, 120));
            if (pendingEnd == next || finishedAt >= End)
            {
                continue;
            }
            var sha = merged[pendingEnd - 1].MergeSha;
            p.Deploy("staging", "success", "normal", deployAt.AddHours(-22), deployAt.AddHours(-21), sha, merged, next, pendingEnd);
            if (R.Chance(0.5))
            {
                p.Deploy(p.Production, R.Chance(0.7) ? "failure" : "cancelled", "normal", deployAt.AddHours(-2), deployAt.AddHours(-1.5),
                    sha, merged, next, pendingEnd);
            }
            var release = p.Deploy(p.Production, "success", "normal", deployAt, finishedAt, sha, merged, next, pendingEnd);
            next = pendingEnd;
            if (k % 3 != 1)
            {
                var started = finishedAt + R.Hours(1, 6);
                AddIncident(p.Org, p.Repository.Team, p.Repository, release, started, severity: R.Chance(0.5) ? "sev1" : "sev2");
                var hotfixAt = started + R.Hours(3, 10);
                if (hotfixAt < End)
                {
                    p.Deploy(p.Production, "success", "hotfix", hotfixAt, hotfixAt.AddMinutes(R.Next(20, 50)), R.Hex(20), merged, 0, 0);
                }
            }
            var later = finishedAt.AddDays(R.Next(10, 30));
            if (later < End)
            {
                AddIncident(p.Org, p.Repository.Team, p.Repository, null, later);
            }
        }
    }

    /// <summary>What may follow a production deployment: an incident (explicitly attributed or not), a rollback, a hotfix.</summary>
    private void Aftermath(Pipeline p, long shipped, DateTime finishedAt, string? lastGoodSha,
        double incidentChance, double rollbackChance, double hotfixChance)
    {
        var aftermath = R.NextDouble();
        if (aftermath < incidentChance)
        {
            var started = finishedAt + R.Hours(0.3, 12);
            if (started < End)
            {
                AddIncident(p.Org, p.Repository.Team, p.Repository, R.Chance(0.65) ? shipped : null, started);
                if (R.Chance(0.5))
                {
                    var rollbackAt = started + R.Hours(0.2, 2);
                    if (rollbackAt < End && lastGoodSha is not null)
                    {
                        p.Deploy(p.Production, "success", "rollback", rollbackAt, rollbackAt.AddMinutes(R.Next(3, 10)), lastGoodSha, [], 0, 0);
                    }
                }
            }
        }
        else if (aftermath < incidentChance + rollbackChance && lastGoodSha is not null)
        {
            var rollbackAt = finishedAt + R.Hours(0.5, 6);
            if (rollbackAt < End)
            {
                p.Deploy(p.Production, "success", "rollback", rollbackAt, rollbackAt.AddMinutes(R.Next(3, 10)), lastGoodSha, [], 0, 0);
            }
        }
        else if (aftermath < incidentChance + rollbackChance + hotfixChance)
        {
            var hotfixAt = finishedAt + R.Hours(1, 8);
            if (hotfixAt < End)
            {
                p.Deploy(p.Production, "success", "hotfix", hotfixAt, hotfixAt.AddMinutes(R.Next(4, 12)), R.Hex(20), [], 0, 0);
            }
        }
    }

    /// <summary>
    /// Per team: incidents no deployment caused (no repository); for most teams also infrastructure deployments
    /// without a repository (team_id only). One incident is still open today.
    /// </summary>
    public void AddTeamIncidents(DemoOrganization org)
    {
        foreach (var team in org.Teams)
        {
            for (var n = R.Next(0, 3); n > 0; n--)
            {
                AddIncident(org, team, null, null, ctx.Time.WorkMoment(R, ctx.Time.Start, End));
            }
            if (team.Pace != DeliveryPace.Normal)
            {
                continue;
            }
            var run = 0;
            for (var day = ctx.Time.Start.Date; day < End; day = day.AddDays(1))
            {
                if (DemoTime.IsWeekend(day) || !R.Chance(0.08))
                {
                    continue;
                }
                var at = day.AddHours(10).AddSeconds(R.Next(0, 6 * 3600));
                var finished = at.AddMinutes(R.Next(3, 15));
                if (finished < End)
                {
                    deployments.Add(new DeploymentRow(ctx.Ids.Deployments.Next(), org.Id, null, team.Id, $"{DemoNames.Slug(team.Name)}-terraform",
                        "production", R.Chance(0.95) ? "success" : "failure", "normal", null, R.Hex(20), at, finished,
                        $"{team.Key}-infra-{++run}"));
                }
            }
        }
        AddIncident(org, org.Teams[0], null, null, End - R.Hours(1, 20), open: true);
    }

    private void AddIncident(DemoOrganization org, DemoTeam team, DemoRepository? repo, long? deploymentId, DateTime startedAt,
        bool open = false, string? severity = null)
    {
        var detected = startedAt.AddMinutes(team.Pace == DeliveryPace.Elite ? R.Next(1, 5) : R.Next(1, 30));
        var duration = team.Pace switch
        {
            DeliveryPace.Elite => R.Hours(0.1, 0.9),
            DeliveryPace.Low => R.Hours(170, 500),
            _ => R.Hours(0.25, 36),
        };
        var resolved = open ? End : startedAt + duration;
        incidents.Add(new IncidentRow(ctx.Ids.Incidents.Next(), org.Id, team.Id, repo?.Id, deploymentId, repo?.Name,
            R.Pick(DemoNames.IncidentTitles), severity ?? R.Pick(DemoNames.Severities), startedAt, detected < End ? detected : startedAt,
            resolved < End ? resolved : null, $"PD-{org.Id}-{++incidentNumber}"));
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await deployments.FlushAsync(ctx.Copy, ct);
        await deploymentPullRequests.FlushAsync(ctx.Copy, ct);
        await incidents.FlushAsync(ctx.Copy, ct);
    }

    /// <summary>
    /// One repository's CI pipeline. Its production environment is spelled as the team's pipeline spells it
    /// (<c>production</c>, <c>Production</c>, <c>PRODUCTION</c>: matched case-insensitively, metrics.md §6.3). One
    /// repository in five reports no pull requests with its deployments and no ref, so its PRs reach production
    /// only through the repository fallback rule.
    /// </summary>
    private sealed class Pipeline(DeliveryGenerator owner, DemoOrganization org, DemoRepository repo)
    {
        private readonly bool reportsPullRequests = repo.Team.Pace != DeliveryPace.Normal || repo.Ordinal % 5 != 4;
        private int run;

        public DemoOrganization Org { get; } = org;
        public DemoRepository Repository { get; } = repo;

        public string Production { get; } = (repo.Ordinal % 7, repo.Ordinal % 11) switch
        {
            (3, _) => "Production",
            (_, 5) => "PRODUCTION",
            _ => "production",
        };

        public long Deploy(string environment, string status, string changeType, DateTime startedAt, DateTime? finishedAt,
            string? sha, IReadOnlyList<MergedPullRequest> merged, int fromPr, int toPr)
        {
            var id = owner.NextDeploymentId();
            owner.deployments.Add(new DeploymentRow(id, Org.Id, Repository.Id, Repository.Team.Id, Repository.Name, environment, status,
                changeType, reportsPullRequests ? Repository.DefaultBranch : null, sha, startedAt, finishedAt, $"{Repository.Name}-{++run}"));
            for (var i = fromPr; reportsPullRequests && i < toPr; i++)
            {
                owner.deploymentPullRequests.Add(new DeploymentPullRequestRow(Org.Id, id, merged[i].Id));
            }
            return id;
        }
    }

    private readonly record struct DeploymentRow(long Id, long OrganizationId, long? RepositoryId, long TeamId, string Service, string Environment,
        string Status, string ChangeType, string? Ref, string? CommitSha, DateTime StartedAt, DateTime? FinishedAt, string ExternalId);
    private readonly record struct DeploymentPullRequestRow(long OrganizationId, long DeploymentId, long PullRequestId);
    private readonly record struct IncidentRow(long Id, long OrganizationId, long TeamId, long? RepositoryId, long? DeploymentId, string? Service,
        string Title, string? Severity, DateTime StartedAt, DateTime DetectedAt, DateTime? ResolvedAt, string ExternalId);
}
