using System.Text.RegularExpressions;
using Leanmote.Application.Metrics.Engine;
using Leanmote.Application.Metrics.Settings;

namespace Leanmote.Application.Metrics.Dora;

/// <summary>The DORA family (metrics.md §7.3): the four keys and pull-request activity, over §6.3 deployments and incidents.</summary>
public static class DoraMetrics
{
    public const string Family = "dora";

    public static MetricDefinition DeploymentFrequency { get; } = new()
    {
        Family = Family,
        Key = "deployment_frequency",
        Unit = MetricUnits.PerDay,
        Aggregation = AggregationKind.Rate,
        Breakdowns = Breakdown.Team,
        ItemType = "deployment",
        ValueField = "count",
        Formula = "count of items ÷ days of the window (a bucket: ÷ its days inside the window)",
        Items = async (c, w, ct) => WindowItems.Of((await DeploymentsAsync(c, ct)).Where(d => w.Contains(d.FinishedAt)).Select(d => Item(c, d))),
        Details = input =>
        {
            var w = input.Window;
            var days = input.Current.Items.Select(i => MetricWindow.Day(i.Anchor)).ToHashSet();
            decimal? weekly = null;
            string? band = null;
            if (input.Current.Items.Count > 0)
            {
                var weeks = w.IsoWeeks().Select(b => (decimal)days.Count(d => d >= b.Start && d <= b.End)).Order().ToList();
                weekly = Numbers.Median(weeks);
                var months = w.Months().Select(b => (decimal)days.Count(d => d >= b.Start && d <= b.End)).Order().ToList();
                band = weekly >= 3 ? "elite" : weekly >= 1 ? "high" : Numbers.Median(months) >= 1 ? "medium" : "low";
            }
            return new Dictionary<string, object?>
            {
                ["count"] = input.Current.Items.Count,
                ["deployment_days"] = days.Count,
                ["per_week"] = Numbers.Round(input.Value * 7),
                ["median_deployment_days_per_week"] = Numbers.Round(weekly),
                ["band"] = band,
            };
        },
    };

    public static MetricDefinition LeadTimeForChanges { get; } = new()
    {
        Family = Family,
        Key = "lead_time_for_changes",
        Unit = MetricUnits.Hours,
        Aggregation = AggregationKind.Median,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "hours",
        Formula = "median of hours (deployment time − first commit) over items (percentile_cont 0.5)",
        Items = async (c, w, ct) =>
        {
            var items = new List<MetricItem>();
            var excluded = new List<ExcludedItem>();
            foreach (var pr in await PullRequestsAsync(c, ct))
            {
                if (Deployed(c, pr) is not { } at || !w.Contains(at)) continue;
                var hours = Numbers.Hours(pr.FirstCommitAt, at);
                if (hours < 0) excluded.Add(new("pr_" + pr.Id, "invalid"));
                else items.Add(PullRequestItem(c, pr, at, hours));
            }
            return new WindowItems(items, excluded);
        },
        Details = input =>
        {
            var c = input.Context;
            var prs = input.Current.Items.Select(i => (PullRequestFact)i.Source!).ToList();
            var pullRequestMode = c.Settings.DeploymentSource == MetricSettings.PullRequestsSource;
            var notDeployed = c.Cached<IReadOnlyList<PullRequestFact>>("pull_requests")
                .Count(pr => pr.MergedAt is { } m && input.Window.Contains(m) && (Deployed(c, pr) is not { } at || at > input.Window.AsOf));
            return new Dictionary<string, object?>
            {
                ["stages"] = new Dictionary<string, object?>
                {
                    ["coding"] = Stage(prs.Select(p => (Start: (DateTimeOffset?)p.FirstCommitAt, End: (DateTimeOffset?)p.OpenedAt))),
                    ["waiting_for_review"] = Stage(prs.Select(p => ((DateTimeOffset?)p.OpenedAt, p.FirstInteractionAt))),
                    ["in_review"] = Stage(prs.Select(p => (p.FirstInteractionAt, p.FirstApprovalAt))),
                    ["ready_to_merge"] = Stage(prs.Select(p => (p.FirstApprovalAt, p.MergedAt))),
                    ["deploy_wait"] = Stage(prs.Select(p => (p.MergedAt, pullRequestMode ? p.MergedAt : p.DeployedAt))),
                },
                ["merged_not_deployed"] = notDeployed,
                ["band"] = input.Value is not { } v ? null : v < 1 ? "elite" : v < 168 ? "high" : v < 4320 ? "medium" : "low",
            };
        },
    };

    public static MetricDefinition ChangeFailureRate { get; } = new()
    {
        Family = Family,
        Key = "change_failure_rate",
        Unit = MetricUnits.Percent,
        Aggregation = AggregationKind.Percent,
        Breakdowns = Breakdown.Team,
        ItemType = "deployment",
        ValueField = "count",
        Formula = "100 × failed items ÷ items",
        Items = async (c, w, ct) => WindowItems.Of((await DeploymentsAsync(c, ct)).Where(d => w.Contains(d.FinishedAt)).Select(d => Item(c, d) with
        {
            Flag = d.FailedByIncident || d.FailedByRollbackOrHotfix,
            Reason = (d.FailedByIncident, d.FailedByRollbackOrHotfix) switch
            {
                (true, true) => "incident,rollback_or_hotfix",
                (true, false) => "incident",
                (false, true) => "rollback_or_hotfix",
                _ => null,
            },
        })),
        Details = input =>
        {
            var items = input.Current.Items;
            var facts = items.Select(i => (DeploymentFact)i.Source!).ToList();
            return new Dictionary<string, object?>
            {
                ["failed_count"] = items.Count(i => i.Flag),
                ["failed_by_incident"] = facts.Count(d => d.FailedByIncident),
                ["failed_by_rollback_or_hotfix"] = facts.Count(d => d.FailedByRollbackOrHotfix),
                ["attribution_window_hours"] = input.Context.Settings.CfrAttributionWindowHours,
                ["mode"] = input.Context.Settings.DeploymentSource,
                ["band"] = input.Value is not { } v ? null : v <= 5 ? "elite" : v <= 10 ? "high" : v <= 15 ? "medium" : "low",
            };
        },
    };

    public static MetricDefinition MeanTimeToRecover { get; } = new()
    {
        Family = Family,
        Key = "mean_time_to_recover",
        Unit = MetricUnits.Hours,
        Aggregation = AggregationKind.Mean,
        Breakdowns = Breakdown.Team,
        ItemType = "incident",
        ValueField = "hours",
        Formula = "mean of hours (resolved_at − started_at) over incidents resolved in the window",
        Items = async (c, w, ct) => WindowItems.Of((await IncidentsAsync(c, ct))
            .Where(i => i.ResolvedAt is { } r && w.Contains(r))
            .Select(i => new MetricItem("inc_" + i.Id, i.ResolvedAt!.Value, Numbers.Hours(i.StartedAt, i.ResolvedAt.Value), null,
                Teams(c, i.TeamId, i.RepositoryTeamId))
            {
                Source = i,
            })),
        Details = input =>
        {
            var asOf = input.Window.AsOf;
            var incidents = input.Context.Cached<IReadOnlyList<IncidentFact>>("incidents");
            var resolved = input.Current.Items.Select(i => (Fact: (IncidentFact)i.Source!, Hours: i.Value)).ToList();
            return new Dictionary<string, object?>
            {
                ["open_incidents"] = incidents.Count(i => i.StartedAt <= asOf && (i.ResolvedAt is null || i.ResolvedAt > asOf)),
                ["by_severity"] = resolved.GroupBy(r => r.Fact.Severity ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new Dictionary<string, object?>
                    {
                        ["severity"] = g.Key,
                        ["count"] = g.Count(),
                        ["mean_hours"] = Numbers.Round(g.Average(r => r.Hours)),
                    }).ToList(),
                ["band"] = input.Value is not { } v ? null : v < 1 ? "elite" : v < 24 ? "high" : v < 168 ? "medium" : "low",
            };
        },
    };

    public static MetricDefinition PullRequestsCreated { get; } = new()
    {
        Family = Family,
        Key = "pull_requests_created",
        Unit = MetricUnits.Count,
        Aggregation = AggregationKind.Count,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "count",
        Formula = "count of PRs that became ready for review in the window (drafts count when they become ready)",
        Items = async (c, w, ct) => WindowItems.Of((await PullRequestsAsync(c, ct))
            .Where(pr => pr.ReadyAt is { } r && w.Contains(r)).Select(pr => PullRequestItem(c, pr, pr.ReadyAt!.Value, 1))),
        Details = input => new Dictionary<string, object?>
        {
            ["drafts_excluded"] = PullRequests(input.Context).Count(pr =>
                input.Window.Contains(pr.OpenedAt) && (pr.ReadyAt is not { } r || r >= input.Window.AsOf)),
        },
    };

    public static MetricDefinition PullRequestsMerged { get; } = new()
    {
        Family = Family,
        Key = "pull_requests_merged",
        Unit = MetricUnits.Count,
        Aggregation = AggregationKind.Count,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "count",
        Formula = "count of PRs merged in the window",
        Items = async (c, w, ct) => WindowItems.Of((await PullRequestsAsync(c, ct))
            .Where(pr => pr.MergedAt is { } m && w.Contains(m)).Select(pr => PullRequestItem(c, pr, pr.MergedAt!.Value, 1))),
    };

    public static MetricDefinition PullRequestsOpen { get; } = new()
    {
        Family = Family,
        Key = "pull_requests_open",
        Unit = MetricUnits.Count,
        Aggregation = AggregationKind.PointInTime,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "count",
        Formula = "count of PRs opened at or before the instant and neither merged nor closed at or before it",
        Items = async (c, w, ct) => WindowItems.Of((await PullRequestsAsync(c, ct))
            .Where(pr => pr.OpenedAt <= w.AsOf && (pr.EndedAt is not { } e || e > w.StartInstant))
            .Select(pr => PullRequestItem(c, pr, pr.OpenedAt, 1) with { Until = pr.EndedAt })),
        Details = input => new Dictionary<string, object?>
        {
            ["drafts"] = input.Current.Items.Select(i => (PullRequestFact)i.Source!)
                .Count(pr => pr.OpenedAt <= input.Window.AsOf && (pr.EndedAt is not { } e || e > input.Window.AsOf)
                    && (pr.ReadyAt is not { } r || r > input.Window.AsOf)),
        },
    };

    /// <summary>The family's metric set in contract order (metrics.md §4.3).</summary>
    public static IReadOnlyList<MetricDefinition> Set { get; } =
        [DeploymentFrequency, LeadTimeForChanges, ChangeFailureRate, MeanTimeToRecover, PullRequestsCreated, PullRequestsMerged, PullRequestsOpen];

    public static IReadOnlyList<MetricDefinition> PullRequestActivity { get; } = [PullRequestsCreated, PullRequestsMerged, PullRequestsOpen];

    /// <summary>The in-scope PRs of the request's span (read once per request).</summary>
    public static Task<IReadOnlyList<PullRequestFact>> PullRequestsAsync(MetricContext c, CancellationToken ct) =>
        c.SourceAsync("pull_requests", t => c.Sources.ReadPullRequestsAsync(SourceQuery.For(c), t), ct);

    private static IReadOnlyList<PullRequestFact> PullRequests(MetricContext c) =>
        c.Cached<IReadOnlyList<PullRequestFact>>("pull_requests");

    private static Task<IReadOnlyList<IncidentFact>> IncidentsAsync(MetricContext c, CancellationToken ct) =>
        c.SourceAsync("incidents", t => c.Sources.ReadIncidentsAsync(SourceQuery.For(c), t), ct);

    /// <summary>The deployments of §6.3: deployment rows, or — in <c>pull_requests</c> mode — PRs merged into the default branch.</summary>
    private static Task<IReadOnlyList<DeploymentFact>> DeploymentsAsync(MetricContext c, CancellationToken ct)
    {
        if (c.Settings.DeploymentSource != MetricSettings.PullRequestsSource)
            return c.SourceAsync("deployments", t => c.Sources.ReadDeploymentsAsync(SourceQuery.For(c), t), ct);
        return c.SourceAsync<IReadOnlyList<DeploymentFact>>("deployments", async t =>
        {
            var pattern = new Regex(c.Settings.FailurePrPattern, RegexOptions.IgnoreCase | RegexOptions.NonBacktracking);
            return [.. (await PullRequestsAsync(c, t)).Where(pr => pr.MergedAt is not null && pr.IntoDefaultBranch).Select(pr =>
                new DeploymentFact(pr.Id, pr.MergedAt!.Value, pr.RepositoryId, null, c.Scope.Roster.Repositories.FirstOrDefault(r => r.Id == pr.RepositoryId)?.TeamId,
                    "production", "normal", null, false, pattern.IsMatch(pr.Title) || (pr.HeadBranch is { } head && pattern.IsMatch(head))))];
        }, ct);
    }

    /// <summary>The PR's deployment time: its own merge in <c>pull_requests</c> mode, else its §6.3 deployment.</summary>
    private static DateTimeOffset? Deployed(MetricContext c, PullRequestFact pr) =>
        c.Settings.DeploymentSource == MetricSettings.PullRequestsSource
            ? (pr.IntoDefaultBranch ? pr.MergedAt : null)
            : pr.DeployedAt;

    private static MetricItem Item(MetricContext c, DeploymentFact d) =>
        new(c.Settings.DeploymentSource == MetricSettings.PullRequestsSource ? "pr_" + d.Id : "dep_" + d.Id, d.FinishedAt, 1, null, Teams(c, d.TeamId, d.RepositoryTeamId))
        {
            Source = d,
        };

    public static MetricItem PullRequestItem(MetricContext c, PullRequestFact pr, DateTimeOffset anchor, decimal value) =>
        new("pr_" + pr.Id, anchor, value, pr.Author, pr.AuthorId is { } a ? c.Scope.TeamsOf(a) : [])
        {
            Source = pr,
        };

    /// <summary>The request teams a repository-owned row belongs to: its own team and its repository's team.</summary>
    private static long[] Teams(MetricContext c, long? teamId, long? repositoryTeamId)
    {
        var filter = c.Scope.TeamIds;
        return new[] { teamId, repositoryTeamId }.Where(t => t is not null).Select(t => t!.Value).Distinct()
            .Where(t => filter is null || filter.Contains(t)).Order().ToArray();
    }

    private static Dictionary<string, object?> Stage(IEnumerable<(DateTimeOffset? Start, DateTimeOffset? End)> spans)
    {
        var hours = spans.Where(s => s.Start is not null && s.End is not null)
            .Select(s => Math.Max(0, Numbers.Hours(s.Start!.Value, s.End!.Value))).ToList();
        return new Dictionary<string, object?>
        {
            ["mean"] = hours.Count == 0 ? null : Numbers.Round(hours.Sum() / hours.Count),
            ["sample_size"] = hours.Count,
        };
    }
}
