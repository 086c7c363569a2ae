using Dapper;
using Leanmote.Application.Common.Idempotency;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Idempotency;

/// <summary>
/// Idempotency-Keys in the <c>idempotency_keys</c> table (0001). A claim is a row with <c>status_code = 0</c>
/// (pending) inserted before the handler runs; the primary key (organization, user, key) makes the claim atomic
/// across processes. An expired use (24 h), or a pending claim abandoned by a dead process, is taken over by the
/// same statement. <c>method</c> holds "command" and <c>path</c> the operation (the message name): the
/// Application does not know HTTP routes, and the fingerprint already covers path ids and body.
/// </summary>
internal sealed class IdempotencyStore(NpgsqlDataSource db, DbRetry retry) : IIdempotencyStore
{
    private const int Pending = 0;

    private const string ClaimSql = """
        INSERT INTO idempotency_keys AS k (organization_id, user_id, key, method, path, request_hash, status_code, response_body, created_at)
        VALUES (@OrganizationId, @UserId, @Key, 'command', @Operation, @Fingerprint, 0, NULL, @Now)
        ON CONFLICT (organization_id, user_id, key) DO UPDATE SET
            method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
            status_code = 0, response_body = NULL, created_at = EXCLUDED.created_at
        WHERE k.created_at < @ExpiredBefore OR (k.status_code = 0 AND k.created_at < @AbandonedBefore)
        RETURNING true
        """;

    private const string ReadSql = """
        SELECT path, request_hash, status_code, response_body::text AS response_body
        FROM idempotency_keys WHERE organization_id = @OrganizationId AND user_id = @UserId AND key = @Key
        """;

    private const string CompleteSql = """
        UPDATE idempotency_keys SET status_code = @StatusCode, response_body = @Body::jsonb
        WHERE organization_id = @OrganizationId AND user_id = @UserId AND key = @Key AND request_hash = @Fingerprint AND status_code = 0
        """;

    private const string ReleaseSql = """
        DELETE FROM idempotency_keys
        WHERE organization_id = @OrganizationId AND user_id = @UserId AND key = @Key AND request_hash = @Fingerprint AND status_code = 0
        """;

    private const string PurgeSql = "DELETE FROM idempotency_keys WHERE created_at < @Before";

    public Task<IdempotencyClaim> ClaimAsync(IdempotencyEntry entry, DateTimeOffset now, DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct) =>
        retry.RunOnceAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var parameters = new
            {
                entry.OrganizationId,
                entry.UserId,
                entry.Key,
                entry.Operation,
                entry.Fingerprint,
                Now = now,
                ExpiredBefore = expiredBefore,
                AbandonedBefore = abandonedBefore,
            };
            // Two rounds at most: a use released between our insert and our read leaves the key free again.
            for (var round = 0; round < 2; round++)
            {
                if (await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(ClaimSql, parameters, cancellationToken: token)) == true)
                    return new IdempotencyClaim.Claimed();
                var stored = await conn.QuerySingleOrDefaultAsync<StoredUse>(new CommandDefinition(ReadSql, parameters, cancellationToken: token));
                if (stored is null) continue;
                if (stored.RequestHash != entry.Fingerprint || stored.Path != entry.Operation) return new IdempotencyClaim.Mismatch();
                return stored.StatusCode == Pending || stored.ResponseBody is null
                    ? new IdempotencyClaim.InProgress()
                    : new IdempotencyClaim.Completed(stored.StatusCode, stored.ResponseBody);
            }
            return (IdempotencyClaim)new IdempotencyClaim.InProgress();
        }, ct);

    public Task CompleteAsync(IdempotencyEntry entry, int statusCode, string body, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(CompleteSql, new
            {
                entry.OrganizationId,
                entry.UserId,
                entry.Key,
                entry.Fingerprint,
                StatusCode = statusCode,
                Body = body,
            }, cancellationToken: token));
        }, ct);

    public Task ReleaseAsync(IdempotencyEntry entry, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(ReleaseSql, new { entry.OrganizationId, entry.UserId, entry.Key, entry.Fingerprint }, cancellationToken: token));
        }, ct);

    /// <summary>Deletes uses created before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(PurgeSql, new { Before = before }, cancellationToken: token));
        }, ct);

    private sealed record StoredUse(string Path, string RequestHash, int StatusCode, string? ResponseBody);
}
