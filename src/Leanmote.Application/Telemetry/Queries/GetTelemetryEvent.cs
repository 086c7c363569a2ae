using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;
using Mediator;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary>
/// <c>GET /v1/telemetry/events/{event_id}</c>: one event. 404 when it is not in one of the caller's organizations;
/// 403 when it is, but its identity maps to nobody the caller may see (people-private rule, ADR 0010).
/// </summary>
public static class GetTelemetryEvent
{
    public sealed record Query(string EventId, QueryParameters Parameters)
        : IQuery<Result<TelemetryEventView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<TelemetryEventView>();
        public AccessRequirement Access => AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITelemetryReader telemetry, RequestContext request) : IQueryHandler<Query, Result<TelemetryEventView>>
    {
        public async ValueTask<Result<TelemetryEventView>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParseValue(query.EventId, TelemetryEventId.Prefix, out var id)) return Error.NotFound();
            var (row, visible) = await telemetry.GetEventAsync(new TelemetryEventId(id), TelemetryAudience.Of(request), cancellationToken);
            if (row is null) return Error.NotFound();
            return visible ? row : Error.Forbidden();
        }
    }
}
