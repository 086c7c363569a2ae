using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;
using Mediator;

namespace Leanmote.Application.Metrics.TeamActivity;

public sealed record TeamMemberActivityView(
    string UserId,
    string Name,
    int PrsCreated,
    int PrsMerged,
    int CommitsCount,
    int ReviewsCount,
    int PrCommentsCount,
    int ActiveDays,
    decimal? AvgTimeToMergeHours,
    decimal? AvgTimeToFirstApprovalHours,
    decimal? AvgReviewTimeHours);

/// <summary>
/// <c>/v1/metrics/review_collaboration/team_members</c> (shape L, metrics.md §7.5): one row per platform user of U with
/// the §7.6 counts of that person, the means of time to merge and to first approval over their own PRs, and their
/// mean review time on other people's PRs. <c>summary</c> is null.
/// </summary>
public static class ListReviewTeamMembers
{
    public static MetricRouteSpec Spec { get; } = MetricRouteSpec.List(SortOrder.Asc, "name", "prs_created", "reviews_count", "avg_review_time_hours");

    public sealed record Query(MetricInput Input) : IQuery<Result<IMetricsDocument>>, IMetricRequest<Query>
    {
        public MetricRouteSpec Route => Spec;
        public AccessRequirement Access => Input.Organization;
        public MetricParameters? Parameters { get; private init; }
        public Query WithParameters(MetricParameters parameters) => this with { Parameters = parameters };
    }

    internal sealed class Handler(MetricRequestRunner runner) : IQueryHandler<Query, Result<IMetricsDocument>>
    {
        private static readonly Dictionary<string, Func<TeamMemberActivityView, IComparable?>> Sorts = new()
        {
            ["name"] = m => m.Name,
            ["prs_created"] = m => m.PrsCreated,
            ["reviews_count"] = m => m.ReviewsCount,
            ["avg_review_time_hours"] = m => m.AvgReviewTimeHours,
        };

        public ValueTask<Result<IMetricsDocument>> Handle(Query query, CancellationToken cancellationToken) =>
            runner.RunAsync(query.Parameters!, peoplePrivate: false, async context =>
            {
                var rows = await RowsAsync(context, cancellationToken);
                var (page, meta) = MetricList.Page(rows, query.Parameters!, runner.Meta(context), m => long.Parse(m.UserId.AsSpan(4)), Sorts);
                return new MetricsDocument<MetricListView<TeamMemberActivityView>>(new(null, page), meta);
            }, cancellationToken);
    }

    /// <summary>Every platform user of U with their numbers over the request's window.</summary>
    public static async Task<IReadOnlyList<TeamMemberActivityView>> RowsAsync(MetricContext c, CancellationToken ct)
    {
        var w = c.Window;
        async Task<ILookup<string, MetricItem>> PerPersonAsync(MetricDefinition definition) =>
            (await definition.Items(c, w, ct)).Items.Where(i => i.Person is not null).ToLookup(i => i.Person!);
        var created = await PerPersonAsync(TeamActivityMetrics.PrsCreated);
        var merged = await PerPersonAsync(DoraMetrics.PullRequestsMerged);
        var commits = await PerPersonAsync(TeamActivityMetrics.CommitsCount);
        var reviews = await PerPersonAsync(TeamActivityMetrics.ReviewsCount);
        var comments = await PerPersonAsync(TeamActivityMetrics.PrCommentsCount);
        var activeDays = await TeamActivityMetrics.ActiveDaysAsync(c, w, ct);

        var prs = (await DoraMetrics.PullRequestsAsync(c, ct)).Where(pr => pr.AuthorId is not null).ToLookup(pr => pr.AuthorId!.Value);
        var touches = (await TeamActivityMetrics.ActivityAsync(c, ct))
            .Where(e => e.Kind == ActivityKinds.FirstTouch && e.UserId is not null && w.Contains(e.At))
            .ToLookup(e => e.UserId!.Value);

        return [.. c.Scope.People.Select(id =>
        {
            var person = Identity.User(id);
            var own = prs[id].ToList();
            return new TeamMemberActivityView(
                person,
                c.Scope.NameOf(person),
                created[person].Count(),
                merged[person].Count(),
                commits[person].Count(),
                reviews[person].Count(),
                comments[person].Count(),
                activeDays.GetValueOrDefault(id)?.Count ?? 0,
                MeanHours(own.Where(pr => pr.MergedAt is { } m && w.Contains(m)).Select(pr => Numbers.Hours(pr.OpenedAt, pr.MergedAt!.Value))),
                MeanHours(own.Where(pr => pr.FirstApprovalAt is { } a && w.Contains(a)).Select(pr => Numbers.Hours(pr.OpenedAt, pr.FirstApprovalAt!.Value))),
                MeanHours(touches[id].Select(e => Numbers.Hours(e.OpenedAt!.Value, e.At))));
        })];
    }

    /// <summary>The mean of the non-negative durations (negative ones are bad source data, metrics.md §3.3), rounded; null without any.</summary>
    private static decimal? MeanHours(IEnumerable<decimal> hours)
    {
        var valid = hours.Where(h => h >= 0).ToList();
        return valid.Count == 0 ? null : Numbers.Round(valid.Sum() / valid.Count);
    }
}
