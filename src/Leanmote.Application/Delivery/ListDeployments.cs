using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Delivery;

public static class ListDeployments
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<DeploymentView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<DeploymentView>()
            .Sortable("created_at", "finished_at")
            .IdFilter<RepositoryId>("repository_id")
            .IdFilter<TeamId>("team_id")
            .TextFilter("environment")
            .EnumFilter("status", DeliveryInput.DeploymentStatuses)
            .EnumFilter("change_type", DeliveryInput.ChangeTypes)
            .TextFilter("service")
            .TimestampFilter("finished_at");

        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IDeliveryReader delivery, RequestContext request)
        : IQueryHandler<Query, Result<Page<DeploymentView>>>
    {
        public async ValueTask<Result<Page<DeploymentView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await delivery.ListDeploymentsAsync(request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
