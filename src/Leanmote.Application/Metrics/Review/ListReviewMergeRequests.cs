using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Engine;
using Mediator;

namespace Leanmote.Application.Metrics.Review;

public sealed record MergeRequestView(
    string PullRequestId,
    string RepositoryId,
    int Number,
    string Title,
    string? AuthorId,
    string? AuthorLogin,
    string State,
    bool IsDraft,
    bool IsAiAssisted,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstInteractionAt,
    DateTimeOffset? FirstApprovalAt,
    DateTimeOffset? MergedAt,
    decimal? PickupHours,
    decimal? TimeToFirstApprovalHours,
    decimal? TimeToMergeHours,
    IReadOnlyList<string> Reviewers,
    int ReviewActivities,
    int FollowOnCommits,
    int Additions,
    int Deletions);

/// <summary>
/// <c>/v1/metrics/review_collaboration/reviewer/all_merge_requests</c> (shape L, metrics.md §7.5): the in-scope PRs
/// opened in the window, merged in it, or open at as_of, with their review timeline values; summary
/// <c>merge_requests</c> (count).
/// </summary>
public static class ListReviewMergeRequests
{
    public static MetricRouteSpec Spec { get; } =
        MetricRouteSpec.List(SortOrder.Desc, "opened_at", "merged_at", "pickup_hours", "time_to_merge_hours", "number");

    public sealed record Query(MetricInput Input) : IQuery<Result<IMetricsDocument>>, IMetricRequest<Query>
    {
        public MetricRouteSpec Route => Spec;
        public AccessRequirement Access => Input.Organization;
        public MetricParameters? Parameters { get; private init; }
        public Query WithParameters(MetricParameters parameters) => this with { Parameters = parameters };
    }

    internal sealed class Handler(MetricRequestRunner runner) : IQueryHandler<Query, Result<IMetricsDocument>>
    {
        private static readonly Dictionary<string, Func<MergeRequestView, IComparable?>> Sorts = new()
        {
            ["opened_at"] = m => m.OpenedAt,
            ["merged_at"] = m => m.MergedAt,
            ["pickup_hours"] = m => m.PickupHours,
            ["time_to_merge_hours"] = m => m.TimeToMergeHours,
            ["number"] = m => m.Number,
        };

        public ValueTask<Result<IMetricsDocument>> Handle(Query query, CancellationToken cancellationToken) =>
            runner.RunAsync(query.Parameters!, peoplePrivate: false, async context =>
            {
                var window = context.Window;
                var items = (await ReviewMetrics.TimelinesAsync(context, cancellationToken))
                    .Where(t => ReviewMetrics.Listed(t.PullRequest, window)).Select(View).ToList();
                var summary = await MetricEngine.ComputeAsync(ReviewMetrics.MergeRequests, context, cancellationToken);
                var (page, meta) = MetricList.Page(items, query.Parameters!, runner.Meta(context), m => long.Parse(m.PullRequestId.AsSpan(3)), Sorts);
                return new MetricsDocument<MetricListView<MergeRequestView>>(new(summary, page), meta);
            }, cancellationToken);

        private static MergeRequestView View(ReviewTimeline t)
        {
            var pr = t.PullRequest;
            return new MergeRequestView(
                "pr_" + pr.Id, "repo_" + pr.RepositoryId, pr.Number, pr.Title,
                pr.AuthorId is { } a ? Identity.User(a) : null, pr.AuthorLogin,
                pr.MergedAt is not null ? "merged" : pr.ClosedAt is not null ? "closed" : "open",
                pr.IsDraft, pr.IsAiAssisted, pr.OpenedAt, pr.FirstInteractionAt, pr.FirstApprovalAt, pr.MergedAt,
                Hours(pr.OpenedAt, pr.FirstInteractionAt), Hours(pr.OpenedAt, pr.FirstApprovalAt), Hours(pr.OpenedAt, pr.MergedAt),
                t.Reviewers, t.ReviewActivities, t.FollowOnCommits, pr.Additions, pr.Deletions);
        }

        private static decimal? Hours(DateTimeOffset start, DateTimeOffset? end) => end is { } e ? Numbers.Round(Numbers.Hours(start, e)) : null;
    }
}
