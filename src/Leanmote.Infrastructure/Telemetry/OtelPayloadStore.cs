using Leanmote.Infrastructure.Database;
using Npgsql;
using NpgsqlTypes;

namespace Leanmote.Infrastructure.Telemetry;

/// <summary>One accepted request, ready to be stored as a pending raw payload (otel.md §7.1).</summary>
public sealed record RawPayload(
    long OrganizationId,
    long IngestTokenId,
    string RequestId,
    string Signal,
    string Encoding,
    string ContentEncoding,
    long WireBytes,
    ReadOnlyMemory<byte> Body,
    byte[] Sha256,
    int ItemCount,
    int RejectedCount,
    string? Warning,
    string? UserAgent,
    DateTimeOffset ReceivedAt);

/// <summary>
/// The request path's only write (otel.md §7.2 step 1): the digest insert (dedup, §6.2) and the raw insert in one
/// statement, hence one transaction and one round trip. A digest that already exists means a resend: nothing is
/// stored and the caller answers the same 200. Retried on transient faults, which is safe because of the digest.
/// </summary>
public sealed class OtelPayloadStore(NpgsqlDataSource db, DbRetry retry)
{
    private const string InsertSql = """
        WITH ids AS (SELECT nextval(pg_get_serial_sequence('otel_raw_payloads', 'id')) AS id),
        digest AS (
            INSERT INTO otel_payload_digests (organization_id, signal, payload_sha256, received_at, payload_id)
            SELECT $1, $2, $3, $4, id FROM ids
            ON CONFLICT DO NOTHING
            RETURNING payload_id)
        INSERT INTO otel_raw_payloads (id, organization_id, received_at, ingest_token_id, request_id, signal, encoding,
            content_encoding, wire_bytes, body_bytes, payload_sha256, payload, item_count, rejected_count, warning, user_agent)
        SELECT payload_id, $1, $4, $5, $6, $2, $7, $8, $9, $10, $3, $11, $12, $13, $14, $15 FROM digest
        RETURNING id
        """;

    /// <summary>The new payload's id, or null when the same body was already stored for this organization and signal.</summary>
    public Task<long?> StoreAsync(RawPayload payload, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var command = db.CreateCommand(InsertSql);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<long> { TypedValue = payload.OrganizationId });
            p.Add(new NpgsqlParameter<string> { TypedValue = payload.Signal });
            p.Add(new NpgsqlParameter<byte[]> { TypedValue = payload.Sha256 });
            p.Add(new NpgsqlParameter<DateTime> { TypedValue = payload.ReceivedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            p.Add(new NpgsqlParameter<long> { TypedValue = payload.IngestTokenId });
            p.Add(new NpgsqlParameter<string> { TypedValue = payload.RequestId });
            p.Add(new NpgsqlParameter<string> { TypedValue = payload.Encoding });
            p.Add(new NpgsqlParameter<string> { TypedValue = payload.ContentEncoding });
            p.Add(new NpgsqlParameter<long> { TypedValue = payload.WireBytes });
            p.Add(new NpgsqlParameter<long> { TypedValue = payload.Body.Length });
            p.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = payload.Body, NpgsqlDbType = NpgsqlDbType.Bytea });
            p.Add(new NpgsqlParameter<int> { TypedValue = payload.ItemCount });
            p.Add(new NpgsqlParameter<int> { TypedValue = payload.RejectedCount });
            p.Add(new NpgsqlParameter { Value = (object?)payload.Warning ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter { Value = (object?)payload.UserAgent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            var id = await command.ExecuteScalarAsync(token);
            return id is long value ? (long?)value : null;
        }, ct);
}
