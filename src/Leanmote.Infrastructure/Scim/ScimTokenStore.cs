using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Scim.Tokens;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Scim;

internal sealed class ScimTokenStore(NpgsqlDataSource db, DbRetry retry) : IScimTokenStore
{
    private const string Columns = "t.id, t.token_preview, t.description, t.is_active, t.expires_at, t.last_used_at, t.created_at, t.revoked_at";
    private const string FromWhere = "FROM scim_tokens t WHERE t.organization_id = @OrganizationId";

    private static readonly ColumnMap ListColumns = new(tieBreak: "t.id")
    {
        ["created_at"] = "t.created_at",
        ["expires_at"] = "t.expires_at",
        ["last_used_at"] = "t.last_used_at",
        ["is_active"] = "t.is_active",
    };

    // The organization row lock serialises concurrent creations, so the active-token limit cannot be overrun.
    private const string CreateSql = """
        SELECT id FROM organizations WHERE id = @OrganizationId FOR UPDATE;
        INSERT INTO scim_tokens (organization_id, token_hash, token_preview, description, expires_at, created_by_user_id)
        SELECT @OrganizationId, @Hash, @Preview, @Description, @ExpiresAt, @CreatedBy
        WHERE (SELECT count(*) FROM scim_tokens
               WHERE organization_id = @OrganizationId AND is_active AND (expires_at IS NULL OR expires_at > now())) < @MaxActive
        RETURNING id, token_preview, description, is_active, expires_at, last_used_at, created_at, revoked_at;
        """;

    private const string RevokeSql = """
        UPDATE scim_tokens SET is_active = false, revoked_at = coalesce(revoked_at, now())
        WHERE organization_id = @OrganizationId AND id = @Id
        RETURNING id
        """;

    private const string FindSql = """
        SELECT t.id, t.organization_id, t.is_active, t.expires_at, t.last_used_at, o.suspended_at IS NOT NULL AS organization_suspended
        FROM scim_tokens t JOIN organizations o ON o.id = t.organization_id
        WHERE t.token_hash = @Hash
        """;

    private const string TouchSql = """
        UPDATE scim_tokens SET last_used_at = @Now
        WHERE organization_id = @OrganizationId AND id = @Id AND (last_used_at IS NULL OR last_used_at < @StaleBefore)
        """;

    public Task<ScimTokenView?> CreateAsync(OrganizationId organization, string tokenHash, string tokenPreview, string? description,
        DateTimeOffset? expiresAt, UserId? createdBy, int maxActive, CancellationToken ct) =>
        retry.RunOnceAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            using var grid = await conn.QueryMultipleAsync(new CommandDefinition(CreateSql, new
            {
                OrganizationId = organization.Value,
                Hash = tokenHash,
                Preview = tokenPreview,
                Description = description,
                ExpiresAt = expiresAt?.UtcDateTime,
                CreatedBy = createdBy?.Value,
                MaxActive = maxActive,
            }, tx, cancellationToken: token));
            await grid.ReadAsync<long>();
            var created = await grid.ReadSingleOrDefaultAsync<ScimTokenView>();
            grid.Dispose();
            await tx.CommitAsync(token);
            return created;
        }, ct);

    public Task<(IReadOnlyList<ScimTokenView> Rows, long Total)> ListAsync(OrganizationId organization, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(Columns, FromWhere, ListColumns, options);
            list.Parameters.Add("OrganizationId", organization.Value);
            return DbReading.ReadPageAsync<ScimTokenView>(db, list, token);
        }, ct);

    public Task<bool> RevokeAsync(OrganizationId organization, ScimTokenId tokenId, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(RevokeSql, new { OrganizationId = organization.Value, Id = tokenId.Value }, cancellationToken: token));
            return id is not null;
        }, ct);

    private const string RevokeByDescriptionSql = """
        UPDATE scim_tokens SET is_active = false, revoked_at = now()
        WHERE organization_id = @OrganizationId AND description = @Description AND is_active
        """;

    public Task<int> RevokeByDescriptionAsync(OrganizationId organization, string description, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(RevokeByDescriptionSql,
                new { OrganizationId = organization.Value, Description = description }, cancellationToken: token));
        }, ct);

    public Task<ScimTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<ScimTokenRecord>(new CommandDefinition(FindSql, new { Hash = tokenHash }, cancellationToken: token));
        }, ct);

    public Task TouchAsync(OrganizationId organization, ScimTokenId tokenId, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken ct) =>
        retry.RunUnlessReadOnlyAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(TouchSql, new
            {
                OrganizationId = organization.Value, Id = tokenId.Value, Now = now.UtcDateTime, StaleBefore = staleBefore.UtcDateTime,
            }, cancellationToken: token));
        }, ct);
}
