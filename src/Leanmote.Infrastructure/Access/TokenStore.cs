using Dapper;
using Leanmote.Application.Access;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Access;

internal sealed class TokenStore(NpgsqlDataSource db, DbRetry retry) : ITokenStore
{
    private const string FindSql = """
        SELECT c.id, c.user_id, c.is_active, c.expires_at, c.last_used_at, u.is_active AS user_is_active,
               coalesce(array_agg(m.organization_id ORDER BY m.organization_id) FILTER (WHERE m.organization_id IS NOT NULL), '{}') AS organization_ids,
               coalesce(array_agg(m.role ORDER BY m.organization_id) FILTER (WHERE m.organization_id IS NOT NULL), '{}') AS roles
        FROM api_credentials c
        JOIN users u ON u.id = c.user_id
        LEFT JOIN organization_members m ON m.user_id = c.user_id AND m.is_active
             AND (c.organization_ids IS NULL OR m.organization_id = ANY(c.organization_ids))
        WHERE c.token_hash = @Hash
        GROUP BY c.id, u.id
        """;

    private const string TouchSql = """
        UPDATE api_credentials SET last_used_at = @Now
        WHERE id = @Id AND (last_used_at IS NULL OR last_used_at < @StaleBefore)
        """;

    public Task<TokenRecord?> FindByHashAsync(string tokenHash, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, new { Hash = tokenHash }, cancellationToken: token));
            return row is null ? null : new TokenRecord(
                new CredentialId(row.Id), new UserId(row.UserId), row.IsActive,
                ToInstant(row.ExpiresAt), ToInstant(row.LastUsedAt), row.UserIsActive,
                [.. row.OrganizationIds.Zip(row.Roles, (o, r) => new Membership(new OrganizationId(o), Enum.Parse<OrganizationRole>(r, ignoreCase: true)))]);
        }, ct);

    public Task TouchAsync(CredentialId id, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken ct) =>
        retry.RunUnlessReadOnlyAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(TouchSql, new { Id = id.Value, Now = now, StaleBefore = staleBefore }, cancellationToken: token));
        }, ct);

    private static DateTimeOffset? ToInstant(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private sealed class Row
    {
        public long Id { get; init; }
        public long UserId { get; init; }
        public bool IsActive { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public DateTime? LastUsedAt { get; init; }
        public bool UserIsActive { get; init; }
        public long[] OrganizationIds { get; init; } = [];
        public string[] Roles { get; init; } = [];
    }
}
