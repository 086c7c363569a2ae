using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Delivery;

public static class ListIncidents
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<IncidentView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<IncidentView>()
            .Sortable("created_at", "started_at", "resolved_at")
            .IdFilter<TeamId>("team_id")
            .IdFilter<RepositoryId>("repository_id")
            .TextFilter("service")
            .TextFilter("severity")
            .EnumFilter("status", DeliveryInput.IncidentStatuses)
            .TimestampFilter("started_at")
            .TimestampFilter("resolved_at");

        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IDeliveryReader delivery, RequestContext request)
        : IQueryHandler<Query, Result<Page<IncidentView>>>
    {
        public async ValueTask<Result<Page<IncidentView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await delivery.ListIncidentsAsync(request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
