using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;
using Leanmote.Application.Metrics.Interactions;
using Leanmote.Application.Metrics.Review;
using Leanmote.Application.Metrics.TeamActivity;

namespace Leanmote.Application.Metrics;

/// <summary>
/// Every metric route of metrics.md §1.3 that exists, by its path under <c>/v1/metrics</c>: the M routes with their
/// definition, and the families with their sets. Endpoints, the OpenAPI document and the use cases all read it.
/// </summary>
public static class MetricCatalog
{
    /// <summary>M routes: path → definition.</summary>
    public static IReadOnlyDictionary<string, MetricDefinition> Metrics { get; } = new Dictionary<string, MetricDefinition>(StringComparer.Ordinal)
    {
        ["dora/deployment_frequency"] = DoraMetrics.DeploymentFrequency,
        ["dora/lead_time_for_changes"] = DoraMetrics.LeadTimeForChanges,
        ["dora/change_failure_rate"] = DoraMetrics.ChangeFailureRate,
        ["dora/mean_time_to_recover"] = DoraMetrics.MeanTimeToRecover,
        ["dora/pull_request_activity/created"] = DoraMetrics.PullRequestsCreated,
        ["dora/pull_request_activity/merged"] = DoraMetrics.PullRequestsMerged,
        ["dora/pull_request_activity/open"] = DoraMetrics.PullRequestsOpen,
        ["review_collaboration/reviewer/pickup_time"] = ReviewMetrics.PickupTime,
        ["review_collaboration/reviewer/reaction_time"] = ReviewMetrics.ReactionTime,
        ["review_collaboration/reviewer/time_to_first_approval"] = ReviewMetrics.TimeToFirstApproval,
        ["review_collaboration/reviewer/sharing_index"] = ReviewMetrics.SharingIndexMetric,
        ["review_collaboration/submitter/iterated_prs"] = ReviewMetrics.IteratedPrs,
        ["review_collaboration/submitter/pr_iteration_time"] = ReviewMetrics.PrIterationTime,
        ["review_collaboration/submitter/responsiveness"] = ReviewMetrics.Responsiveness,
        ["review_collaboration/submitter/time_to_merge"] = ReviewMetrics.TimeToMerge,
        ["team_activity/active_days"] = TeamActivityMetrics.ActiveDays,
        ["team_activity/reviews_count"] = TeamActivityMetrics.ReviewsCount,
    };

    /// <summary>A family's metric set as its S route (and A route) returns it.</summary>
    public sealed record FamilySet(string Family, string SetRoute, string? AggregateRoute, IReadOnlyList<MetricDefinition> Metrics);

    /// <summary>The S routes: path → the set (family name as the set reports it).</summary>
    public static IReadOnlyDictionary<string, FamilySet> Sets { get; } = new Dictionary<string, FamilySet>(StringComparer.Ordinal)
    {
        ["dora"] = new("dora", "dora", "dora-metrics", DoraMetrics.Set),
        ["dora/pull_request_activity"] = new("pull_request_activity", "dora/pull_request_activity", null, DoraMetrics.PullRequestActivity),
        ["review_collaboration"] = new(ReviewMetrics.Family, "review_collaboration", null, ReviewMetrics.Set),
        ["team_activity"] = new("team_activity", "team_activity", "team-activity", TeamActivityMetrics.Set),
    };

    /// <summary>The family sets of the full payload, by payload key (metrics.md §7.1).</summary>
    public static IReadOnlyDictionary<string, FamilySet> PayloadFamilies { get; } = new Dictionary<string, FamilySet>(StringComparer.Ordinal)
    {
        ["dora"] = Sets["dora"],
        ["review_collaboration"] = Sets["review_collaboration"],
        ["team_activity"] = Sets["team_activity"],
        ["interactions"] = new("interactions", "interactions", null, InteractionMetrics.Set),
    };

    /// <summary>
    /// The A routes: path → the set they wrap. <c>/team-collaboration</c> is the review collaboration set plus the
    /// interaction graph's summary metric (metrics.md §7.5), narrowed for collaborators like the graph itself.
    /// </summary>
    public static IReadOnlyDictionary<string, FamilySet> Aggregates { get; } =
        Sets.Values.Where(s => s.AggregateRoute is not null)
            .Append(new FamilySet(ReviewMetrics.Family, "review_collaboration", "team-collaboration", [.. ReviewMetrics.Set, InteractionMetrics.Interactions]))
            .ToDictionary(s => s.AggregateRoute!, StringComparer.Ordinal);
}
