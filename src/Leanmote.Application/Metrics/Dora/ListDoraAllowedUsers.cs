using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Engine;
using Mediator;

namespace Leanmote.Application.Metrics.Dora;

public sealed record AllowedUserView(string Id, string Name, string Email, IReadOnlyList<string> TeamIds, bool HasGitIdentity, int PullRequestsMerged);

/// <summary>
/// <c>/v1/metrics/dora/allowed_users</c> (shape L, metrics.md §7.3): the platform users of U whose work feeds the
/// people-based DORA numbers, with their in-scope PRs merged in the window.
/// </summary>
public static class ListDoraAllowedUsers
{
    public static MetricRouteSpec Spec { get; } = MetricRouteSpec.List(SortOrder.Asc, "name", "pull_requests_merged");

    public sealed record Query(MetricInput Input) : IQuery<Result<IMetricsDocument>>, IMetricRequest<Query>
    {
        public MetricRouteSpec Route => Spec;
        public AccessRequirement Access => Input.Organization;
        public MetricParameters? Parameters { get; private init; }
        public Query WithParameters(MetricParameters parameters) => this with { Parameters = parameters };
    }

    internal sealed class Handler(MetricRequestRunner runner) : IQueryHandler<Query, Result<IMetricsDocument>>
    {
        private static readonly Dictionary<string, Func<AllowedUserView, IComparable?>> Sorts = new()
        {
            ["name"] = u => u.Name,
            ["pull_requests_merged"] = u => u.PullRequestsMerged,
        };

        public ValueTask<Result<IMetricsDocument>> Handle(Query query, CancellationToken cancellationToken) =>
            runner.RunAsync(query.Parameters!, peoplePrivate: false, async context =>
            {
                var scope = context.Scope;
                var merged = (await DoraMetrics.PullRequestsAsync(context, cancellationToken))
                    .Where(pr => pr.AuthorId is not null && pr.MergedAt is { } m && context.Window.Contains(m))
                    .GroupBy(pr => pr.AuthorId!.Value).ToDictionary(g => g.Key, g => g.Count());
                var users = scope.People.Select(id => scope.Member(id)!).Select(m => new AllowedUserView(
                    "usr_" + m.UserId, m.Name, m.Email, [.. scope.TeamsOf(m.UserId).Select(t => "team_" + t)], m.HasGitIdentity,
                    merged.GetValueOrDefault(m.UserId))).ToList();
                var (page, meta) = MetricList.Page(users, query.Parameters!, runner.Meta(context), u => long.Parse(u.Id.AsSpan(4)), Sorts);
                var summary = MetricList.CountSummary("allowed_users", users.Count, context.Window);
                return new MetricsDocument<MetricListView<AllowedUserView>>(new(summary, page), meta);
            }, cancellationToken);
    }
}
