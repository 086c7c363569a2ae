using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;

namespace Leanmote.Application.Dashboards;

/// <summary>The built-in dashboard types: a fixed list, not paginated (no <c>meta</c>), <c>fields=</c> only.</summary>
public static class ListDashboardCatalog
{
    public static IReadOnlyList<DashboardTypeView> Catalog { get; } =
    [
        new("performance_delivery", "Performance & Delivery", "DORA metrics, flow and cycle time of the delivery pipeline."),
        new("project_financials", "Project Financials", "Cost, invested hours and cost per completed task by project and team."),
        new("strategic_overview", "Strategic Overview", "Where engineering effort goes across initiatives, epics and work types."),
        new("bottleneck_insights", "Bottleneck Insights", "Review waits, work in progress and the stages where work stalls."),
        new("ai_tools", "AI Tools", "Adoption, usage and impact of AI coding assistants."),
        new("overview", "Overview", "A summary of the organization's key engineering metrics."),
    ];

    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<IReadOnlyList<DashboardTypeView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<DashboardTypeView>();
        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler : IQueryHandler<Query, Result<IReadOnlyList<DashboardTypeView>>>
    {
        public ValueTask<Result<IReadOnlyList<DashboardTypeView>>> Handle(Query query, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Result<IReadOnlyList<DashboardTypeView>>.Success(Catalog));
    }
}
