using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;
using Mediator;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary>One stored OTLP request (the ingest audit trail); never the payload itself.</summary>
public sealed record TelemetryPayloadView(
    TelemetryPayloadId Id,
    OrganizationId OrganizationId,
    IngestTokenId IngestTokenId,
    string RequestId,
    string Signal,
    string Encoding,
    DateTimeOffset ReceivedAt,
    string Status,
    int Attempts,
    DateTimeOffset? NormalizedAt,
    int ItemCount,
    int RejectedCount,
    long WireBytes,
    long BodyBytes,
    string? Warning,
    string? Error,
    string? UserAgent);

/// <summary><c>GET /v1/telemetry/payloads</c> (otel.md §9): admins only, over the organizations they administer.</summary>
public static class ListTelemetryPayloads
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<TelemetryPayloadView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<TelemetryPayloadView>()
            .Sortable("received_at")
            .DefaultSortBy("received_at")
            .EnumFilter("signal", "logs", "metrics", "traces")
            .EnumFilter("status", "pending", "normalized", "failed")
            .IdFilter<IngestTokenId>("ingest_token_id")
            .TextFilter("request_id")
            .TimestampFilter("received_at");

        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITelemetryPayloadReader payloads, RequestContext request) : IQueryHandler<Query, Result<Page<TelemetryPayloadView>>>
    {
        public async ValueTask<Result<Page<TelemetryPayloadView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var administered = request.RequireCaller().Memberships
                .Where(m => m.Role == OrganizationRole.Admin && request.Scope.Contains(m.OrganizationId.Value))
                .Select(m => m.OrganizationId.Value).ToArray();
            if (administered.Length == 0) return Error.Forbidden();
            var (rows, total) = await payloads.ListAsync(administered, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}

public interface ITelemetryPayloadReader
{
    Task<(IReadOnlyList<TelemetryPayloadView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);
}
