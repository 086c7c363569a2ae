using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Delivery;

public static class GetDeployment
{
    public sealed record Query(string DeploymentId, QueryParameters Parameters)
        : IQuery<Result<DeploymentView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<DeploymentView>();
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Deployment, DeploymentId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IDeliveryReader delivery, RequestContext request) : IQueryHandler<Query, Result<DeploymentView>>
    {
        public async ValueTask<Result<DeploymentView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var deployment = await delivery.GetDeploymentAsync(PublicId.Parse<DeploymentId>(query.DeploymentId), request.Scope, cancellationToken);
            return deployment is null ? Error.NotFound() : deployment;
        }
    }
}
