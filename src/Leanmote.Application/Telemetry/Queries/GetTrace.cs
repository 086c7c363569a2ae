using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary><c>GET /v1/telemetry/traces/{trace_id}</c>: the visible spans of one trace, not paginated, at most 1000.</summary>
public static class GetTrace
{
    public const int MaxSpans = 1000;

    public sealed record Query(string TraceId, QueryParameters Parameters)
        : IQuery<Result<TraceView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<TraceView>();
        public AccessRequirement Access => AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITelemetryReader telemetry, RequestContext request) : IQueryHandler<Query, Result<TraceView>>
    {
        public async ValueTask<Result<TraceView>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!TraceIds.IsTraceId(query.TraceId)) return Error.NotFound("Trace not found; a trace id is 32 hexadecimal characters");
            var traceId = Convert.FromHexString(query.TraceId);
            var spans = await telemetry.GetTraceAsync(traceId, TelemetryAudience.Of(request), MaxSpans + 1, cancellationToken);
            if (spans.Count == 0)
                return await telemetry.TraceExistsAsync(traceId, TelemetryAudience.Of(request), cancellationToken) ? Error.Forbidden() : Error.NotFound("Trace not found");
            var truncated = spans.Count > MaxSpans;
            var kept = truncated ? [.. spans.Take(MaxSpans)] : spans;
            return new TraceView(query.TraceId.ToLowerInvariant(), kept.Count, truncated, kept);
        }
    }
}
