using Leanmote.Application.Common.Querying;
using Leanmote.Application.Telemetry.Queries;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Telemetry.Queries;

/// <summary>The ingest audit trail over <c>otel_raw_payloads</c> (never selects the payload column).</summary>
internal sealed class TelemetryPayloadReader(NpgsqlDataSource db, DbRetry retry) : ITelemetryPayloadReader
{
    private const string Select = """
        p.id, p.organization_id, p.ingest_token_id, p.request_id, p.signal, p.encoding, p.received_at, p.status, p.attempts, p.normalized_at,
        p.item_count, p.rejected_count, p.wire_bytes, p.body_bytes, p.warning, p.error, p.user_agent
        """;

    private const string From = "FROM otel_raw_payloads p WHERE p.organization_id = ANY(@OrganizationIds)";

    private static readonly ColumnMap Columns = new(tieBreak: "p.id")
    {
        ["received_at"] = "p.received_at",
        ["signal"] = "p.signal",
        ["status"] = "p.status",
        ["ingest_token_id"] = "p.ingest_token_id",
        ["request_id"] = "p.request_id",
    };

    public Task<(IReadOnlyList<TelemetryPayloadView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(Select, From, Columns, options);
            list.Parameters.Add("OrganizationIds", organizationIds.ToArray());
            return DbReading.ReadPageAsync<TelemetryPayloadView>(db, list, token);
        }, ct);
}
