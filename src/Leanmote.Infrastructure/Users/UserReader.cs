using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Users;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Users;

/// <summary>
/// Users are not tenant rows: they are bounded through their memberships. A user in several of the request's
/// organizations is one row (a semi-join, never a join that would repeat them).
/// </summary>
internal sealed class UserReader(NpgsqlDataSource db, DbRetry retry) : IUserReader
{
    private const string UserSelect = "u.id, u.name, u.email, u.title, u.timezone, u.is_active, u.is_bot, u.avatar_url, u.created_at, u.updated_at";
    private const string UserFrom =
        "FROM users u WHERE u.id IN (SELECT m.user_id FROM organization_members m WHERE m.organization_id = ANY(@OrganizationIds))";
    private const string TeamPredicate =
        " AND u.id IN (SELECT tm.user_id FROM team_members tm WHERE tm.organization_id = ANY(@OrganizationIds) AND tm.team_id = @TeamId)";
    private const string EmailPredicate = " AND lower(u.email) = lower(@Email)";

    /// <summary>organization_id, team_id and email are applied by the membership predicates above, not by ListSql.</summary>
    private static readonly ColumnMap UserColumns = new(tieBreak: "u.id")
    {
        ["created_at"] = "u.created_at",
        ["name"] = "u.name",
        ["email"] = "u.email",
        ["is_active"] = "u.is_active",
    };

    private const string OrganizationSelect = "o.id, o.name, o.slug, o.timezone, o.created_at, o.updated_at, m.role";
    private const string OrganizationFrom = """
        FROM organization_members m JOIN organizations o ON o.id = m.organization_id
        WHERE m.user_id = @UserId AND m.organization_id = ANY(@OrganizationIds)
        """;

    private static readonly ColumnMap OrganizationColumns = new(tieBreak: "o.id")
    {
        ["created_at"] = "o.created_at",
        ["name"] = "o.name",
        ["role"] = "m.role",
    };

    internal static IReadOnlyDictionary<string, ColumnMap> ColumnsForTests { get; } = new Dictionary<string, ColumnMap>
    {
        ["users"] = UserColumns, ["organizations"] = OrganizationColumns,
    };

    public Task<(IReadOnlyList<UserView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, UserFilter filter, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var from = UserFrom + (filter.TeamId is null ? "" : TeamPredicate) + (filter.Email is null ? "" : EmailPredicate);
            var list = ListSql.Build(UserSelect, from, UserColumns, options);
            long[] scope = filter.OrganizationId is { } only ? [.. organizationIds.Where(o => o == only)] : [.. organizationIds];
            list = list.ScopedTo(scope);
            if (filter.TeamId is { } team) list.Parameters.Add("TeamId", team);
            if (filter.Email is { } email) list.Parameters.Add("Email", email);
            return DbReading.ReadPageAsync<UserView>(db, list, token);
        }, ct);

    public Task<UserView?> GetAsync(UserId user, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            const string sql = $"SELECT {UserSelect} FROM users u WHERE u.id = @Id";
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<UserView>(new CommandDefinition(sql, new { Id = user.Value }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<UserOrganizationView> Rows, long Total)> ListOrganizationsAsync(
        UserId user, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(OrganizationSelect, OrganizationFrom, OrganizationColumns, options);
            list = list.ScopedTo(organizationIds);
            list.Parameters.Add("UserId", user.Value);
            return DbReading.ReadPageAsync<UserOrganizationView>(db, list, token);
        }, ct);
}
