namespace Leanmote.Infrastructure.Demo;

/// <summary>
/// Deployments (staging and production, from a CI pipeline) that ship each repository's merged pull
/// requests in batches, with failed attempts, rollbacks and hotfixes, and the incidents that follow some
/// of them: attributed explicitly (deployment_id), by proximity (same repository, no deployment_id), or
/// to a team without a repository. Open incidents and a running deployment exist near today.
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

    private int incidentNumber;

    private Random R => ctx.Random;

    private DateTime End => ctx.Time.End;

    /// <summary>Deploys <paramref name="merged"/> (sorted by merged_at) of one repository.</summary>
    public void AddRepository(DemoOrganization org, DemoRepository repo, IReadOnlyList<MergedPullRequest> merged)
    {
        if (merged.Count == 0)
        {
            return;
        }
        var run = 0;
        var next = 0; // first merged pull request not yet in production
        var cadenceDays = R.Between(0.6, 4.0);
        string? lastGoodSha = null;

        long Deploy(string environment, string status, string changeType, DateTime startedAt, DateTime? finishedAt,
            string? sha, int fromPr, int toPr)
        {
            var id = ctx.Ids.Deployments.Next();
            deployments.Add(new DeploymentRow(id, org.Id, repo.Id, repo.Team.Id, repo.Name, environment, status, changeType,
                repo.DefaultBranch, sha, startedAt, finishedAt, $"{repo.Name}-{++run}"));
            for (var i = fromPr; i < toPr; i++)
            {
                deploymentPullRequests.Add(new DeploymentPullRequestRow(org.Id, id, merged[i].Id));
            }
            return id;
        }

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
            Deploy("staging", R.Chance(0.97) ? "success" : "failure", "normal", stagingAt, stagingAt.AddMinutes(R.Next(4, 12)), sha, next, pendingEnd);

            var roll = R.NextDouble();
            if (roll < 0.03)
            {
                Deploy("production", "cancelled", "normal", deployAt, deployAt.AddMinutes(R.Next(1, 5)), sha, next, pendingEnd);
                continue; // shipped another day
            }
            if (roll < 0.10)
            {
                Deploy("production", "failure", "normal", deployAt, deployAt.AddMinutes(R.Next(6, 20)), sha, next, pendingEnd);
                deployAt = deployAt.AddMinutes(R.Next(30, 90));
            }
            var finishedAt = deployAt.AddMinutes(R.Next(5, 20));
            if (finishedAt >= End)
            {
                continue;
            }
            var shipped = Deploy("production", "success", "normal", deployAt, finishedAt, sha, next, pendingEnd);
            next = pendingEnd;

            var aftermath = R.NextDouble();
            if (aftermath < 0.05)
            {
                var started = finishedAt + R.Hours(0.3, 12);
                if (started < End)
                {
                    AddIncident(org, repo.Team.Id, repo, R.Chance(0.65) ? shipped : null, started);
                    if (R.Chance(0.5))
                    {
                        var rollbackAt = started + R.Hours(0.2, 2);
                        if (rollbackAt < End && lastGoodSha is not null)
                        {
                            Deploy("production", "success", "rollback", rollbackAt, rollbackAt.AddMinutes(R.Next(3, 10)), lastGoodSha, 0, 0);
                        }
                    }
                }
            }
            else if (aftermath < 0.07 && lastGoodSha is not null)
            {
                var rollbackAt = finishedAt + R.Hours(0.5, 6);
                if (rollbackAt < End)
                {
                    Deploy("production", "success", "rollback", rollbackAt, rollbackAt.AddMinutes(R.Next(3, 10)), lastGoodSha, 0, 0);
                }
            }
            else if (aftermath < 0.10)
            {
                var hotfixAt = finishedAt + R.Hours(1, 8);
                if (hotfixAt < End)
                {
                    Deploy("production", "success", "hotfix", hotfixAt, hotfixAt.AddMinutes(R.Next(4, 12)), R.Hex(20), 0, 0);
                }
            }
            lastGoodSha = sha;
        }

        // A pipeline running right now for what was merged since the last release.
        if (next < merged.Count && R.Chance(0.15))
        {
            var startedAt = End.AddMinutes(-R.Next(2, 40));
            if (merged[^1].MergedAt < startedAt)
            {
                Deploy("production", "in_progress", "normal", startedAt, null, merged[^1].MergeSha, next, merged.Count);
            }
        }
    }

    /// <summary>Incidents a team handles that no deployment caused (no repository), and one still open today.</summary>
    public void AddTeamIncidents(DemoOrganization org)
    {
        foreach (var team in org.Teams)
        {
            for (var n = R.Next(0, 3); n > 0; n--)
            {
                AddIncident(org, team.Id, null, null, ctx.Time.WorkMoment(R, ctx.Time.Start, End));
            }
        }
        AddIncident(org, org.Teams[0].Id, null, null, End - R.Hours(1, 20), open: true);
    }

    private void AddIncident(DemoOrganization org, long teamId, DemoRepository? repo, long? deploymentId, DateTime startedAt, bool open = false)
    {
        var detected = startedAt.AddMinutes(R.Next(1, 30));
        var resolved = open ? End : startedAt + R.Hours(0.25, 36);
        incidents.Add(new IncidentRow(ctx.Ids.Incidents.Next(), org.Id, teamId, repo?.Id, deploymentId, repo?.Name,
            R.Pick(DemoNames.IncidentTitles), R.Pick(DemoNames.Severities), startedAt, detected < End ? detected : startedAt,
            resolved < End ? resolved : null, $"PD-{org.Id}-{++incidentNumber}"));
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await deployments.FlushAsync(ctx.Copy, ct);
        await deploymentPullRequests.FlushAsync(ctx.Copy, ct);
        await incidents.FlushAsync(ctx.Copy, ct);
    }

    private readonly record struct DeploymentRow(long Id, long OrganizationId, long RepositoryId, long TeamId, string Service, string Environment,
        string Status, string ChangeType, string Ref, string? CommitSha, DateTime StartedAt, DateTime? FinishedAt, string ExternalId);
    private readonly record struct DeploymentPullRequestRow(long OrganizationId, long DeploymentId, long PullRequestId);
    private readonly record struct IncidentRow(long Id, long OrganizationId, long TeamId, long? RepositoryId, long? DeploymentId, string? Service,
        string Title, string Severity, DateTime StartedAt, DateTime DetectedAt, DateTime? ResolvedAt, string ExternalId);
}
