using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Telemetry;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Telemetry;

internal sealed class IngestTokenStore(NpgsqlDataSource db, DbRetry retry, IngestTokenEntries cached) : IIngestTokenStore
{
    private const string Columns = "t.id, t.name, t.token_preview, t.allowed_signals, t.is_active, t.expires_at, t.last_used_at, t.created_by_user_id, t.created_at";
    private const string FromWhere = "FROM ingest_tokens t WHERE t.organization_id = @OrganizationId";

    private static readonly ColumnMap Sortable = new(tieBreak: "t.id")
    {
        ["created_at"] = "t.created_at",
        ["expires_at"] = "t.expires_at",
        ["last_used_at"] = "t.last_used_at",
        ["is_active"] = "t.is_active",
        ["name"] = "t.name",
    };

    private const string InsertSql = $"""
        INSERT INTO ingest_tokens AS t (organization_id, name, token_hash, token_preview, allowed_signals, expires_at, created_by_user_id)
        VALUES (@OrganizationId, @Name, @Hash, @Preview, @Signals, @ExpiresAt, @CreatedBy)
        RETURNING {Columns}
        """;

    private const string DeactivateSql = """
        UPDATE ingest_tokens SET is_active = false, revoked_at = coalesce(revoked_at, now())
        WHERE organization_id = @OrganizationId AND id = @Id RETURNING id
        """;

    private const string FindSql = """
        SELECT t.id, t.organization_id, t.allowed_signals, t.is_active, t.expires_at, t.last_used_at,
               o.suspended_at IS NOT NULL AS organization_suspended
        FROM ingest_tokens t JOIN organizations o ON o.id = t.organization_id
        WHERE t.token_hash = @Hash LIMIT 1
        """;

    private const string TouchSql = """
        UPDATE ingest_tokens SET last_used_at = @Now
        WHERE organization_id = @OrganizationId AND id = @Id AND (last_used_at IS NULL OR last_used_at < @StaleBefore)
        """;

    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string TokenPreview { get; init; } = "";
        public string[] AllowedSignals { get; init; } = [];
        public bool IsActive { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        public DateTimeOffset? LastUsedAt { get; init; }
        public long? CreatedByUserId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public IngestTokenView ToView() => new(new IngestTokenId(Id), Name, TokenPreview, AllowedSignals, IsActive, ExpiresAt, LastUsedAt,
            CreatedByUserId is { } by ? new UserId(by) : null, CreatedAt);
    }

    private sealed class LookupRow
    {
        public long Id { get; init; }
        public long OrganizationId { get; init; }
        public string[] AllowedSignals { get; init; } = [];
        public bool IsActive { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        public DateTimeOffset? LastUsedAt { get; init; }
        public bool OrganizationSuspended { get; init; }
    }

    public Task<(IReadOnlyList<IngestTokenView> Rows, long Total)> ListAsync(long organizationId, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(Columns, FromWhere, Sortable, options);
            list.Parameters.Add("OrganizationId", organizationId);
            var (rows, total) = await DbReading.ReadPageAsync<Row>(db, list, token);
            return ((IReadOnlyList<IngestTokenView>)rows.Select(r => r.ToView()).ToList(), total);
        }, ct);

    public Task<bool> HashExistsAsync(string tokenHash, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM ingest_tokens WHERE token_hash = @Hash)", new { Hash = tokenHash }, cancellationToken: token));
        }, ct);

    public Task<IngestTokenView> CreateAsync(long organizationId, string name, string tokenHash, string tokenPreview,
        IReadOnlyList<string> allowedSignals, DateTimeOffset? expiresAt, UserId createdBy, CancellationToken ct) =>
        retry.RunOnceAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleAsync<Row>(new CommandDefinition(InsertSql, new
            {
                OrganizationId = organizationId,
                Name = name,
                Hash = tokenHash,
                Preview = tokenPreview,
                Signals = allowedSignals.ToArray(),
                ExpiresAt = expiresAt?.UtcDateTime,
                CreatedBy = createdBy.Value,
            }, cancellationToken: token));
            return row.ToView();
        }, ct);

    public Task<bool> DeactivateAsync(long organizationId, IngestTokenId tokenId, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(DeactivateSql,
                new { OrganizationId = organizationId, Id = tokenId.Value }, cancellationToken: token));
            cached.Clear();   // this process at once; the others within the cache lifetime (≤ 60 s)
            return id is not null;
        }, ct);

    public Task<IngestTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<LookupRow>(new CommandDefinition(FindSql, new { Hash = tokenHash }, cancellationToken: token));
            return row is null ? null : new IngestTokenRecord(row.Id, row.OrganizationId, row.AllowedSignals, row.IsActive, row.ExpiresAt, row.LastUsedAt,
                row.OrganizationSuspended);
        }, ct);

    public Task TouchAsync(long organizationId, long tokenId, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(TouchSql,
                new { OrganizationId = organizationId, Id = tokenId, Now = now.UtcDateTime, StaleBefore = staleBefore.UtcDateTime }, cancellationToken: token));
        }, ct);
}
