using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Delivery;

public static class GetIncident
{
    public sealed record Query(string IncidentId, QueryParameters Parameters)
        : IQuery<Result<IncidentView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<IncidentView>();
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Incident, IncidentId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IDeliveryReader delivery, RequestContext request) : IQueryHandler<Query, Result<IncidentView>>
    {
        public async ValueTask<Result<IncidentView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var incident = await delivery.GetIncidentAsync(PublicId.Parse<IncidentId>(query.IncidentId), request.Scope, cancellationToken);
            return incident is null ? Error.NotFound() : incident;
        }
    }
}
