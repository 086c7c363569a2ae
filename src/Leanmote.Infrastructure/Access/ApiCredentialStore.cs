using Dapper;
using Leanmote.Application.Access;
using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Access;

internal sealed class ApiCredentialStore(NpgsqlDataSource db, DbRetry retry, TokenCache cache) : IApiCredentialStore
{
    private const string Select = "c.id, c.token_preview, c.is_active, c.expires_at, c.last_used_at, c.created_at";
    private const string FromWhere = "FROM api_credentials c WHERE c.user_id = @UserId";

    private static readonly ColumnMap Columns = new(tieBreak: "c.id")
    {
        ["created_at"] = "c.created_at",
        ["expires_at"] = "c.expires_at",
        ["last_used_at"] = "c.last_used_at",
        ["is_active"] = "c.is_active",
    };

    /// <summary>Only for an active user; a scoped credential keeps the listed organizations where the membership is active, and needs one.</summary>
    private const string InsertSql = """
        INSERT INTO api_credentials (user_id, token_hash, token_preview, expires_at, created_by_user_id, organization_ids)
        SELECT u.id, @Hash, @Preview, @ExpiresAt, @CreatedBy, s.organization_ids
        FROM users u
        CROSS JOIN LATERAL (
            SELECT CASE WHEN @Scoped THEN ARRAY(
                SELECT m.organization_id FROM organization_members m
                WHERE m.user_id = u.id AND m.is_active AND m.organization_id = ANY(@Scope)
                ORDER BY m.organization_id) END AS organization_ids) s
        WHERE u.id = @UserId AND u.is_active AND (NOT @Scoped OR cardinality(s.organization_ids) > 0)
        RETURNING id, token_preview, is_active, expires_at, last_used_at, created_at
        """;

    private const string DeactivateSql = """
        UPDATE api_credentials SET is_active = false WHERE id = @Id AND user_id = @UserId RETURNING id
        """;

    internal static ColumnMap ColumnsForTests => Columns;

    public Task<(IReadOnlyList<CredentialView> Rows, long Total)> ListAsync(UserId user, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(Select, FromWhere, Columns, options);
            list.Parameters.Add("UserId", user.Value);
            return DbReading.ReadPageAsync<CredentialView>(db, list, token);
        }, ct);

    public Task<CredentialView?> CreateAsync(UserId user, string tokenHash, string tokenPreview, DateTimeOffset? expiresAt, UserId createdBy,
        IReadOnlyList<long>? organizationIds, CancellationToken ct) =>
        retry.RunOnceAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<CredentialView>(new CommandDefinition(InsertSql, new
            {
                UserId = user.Value,
                Hash = tokenHash,
                Preview = tokenPreview,
                ExpiresAt = expiresAt?.UtcDateTime,
                CreatedBy = createdBy.Value,
                Scoped = organizationIds is not null,
                Scope = organizationIds?.ToArray() ?? [],
            }, cancellationToken: token));
        }, ct);

    public Task<bool> DeactivateAsync(UserId user, CredentialId credential, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(DeactivateSql, new { Id = credential.Value, UserId = user.Value }, cancellationToken: token));
            cache.Invalidate();   // this process at once; the others through the access-change notification
            return id is not null;
        }, ct);
}
