using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Organizations;

internal sealed class OrganizationReader(NpgsqlDataSource db, DbRetry retry) : IOrganizationReader
{
    private const string OrganizationSelect = "o.id, o.name, o.slug, o.timezone, o.created_at, o.updated_at";
    private const string OrganizationFrom = "FROM organizations o WHERE o.id = ANY(@OrganizationIds)";

    internal static readonly ColumnMap OrganizationColumns = new(tieBreak: "o.id")
    {
        ["created_at"] = "o.created_at",
        ["name"] = "o.name",
    };

    private const string GetSql = $"SELECT {OrganizationSelect} FROM organizations o WHERE o.id = @Id";

    private const string MemberSelect = """
        u.id, u.name, u.email, u.title, u.timezone, u.is_active, u.is_bot, u.avatar_url, u.created_at, u.updated_at,
        m.role, m.joined_at
        """;
    private const string MemberFrom = "FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = @OrganizationId";

    internal static readonly ColumnMap MemberColumns = new(tieBreak: "u.id")
    {
        ["created_at"] = "u.created_at",
        ["name"] = "u.name",
        ["email"] = "u.email",
        ["role"] = "m.role",
        ["is_active"] = "u.is_active",
    };

    public Task<(IReadOnlyList<OrganizationView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(OrganizationSelect, OrganizationFrom, OrganizationColumns, options);
            list = list.ScopedTo(organizationIds);
            return DbReading.ReadPageAsync<OrganizationView>(db, list, token);
        }, ct);

    public Task<OrganizationView?> GetAsync(OrganizationId id, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<OrganizationView>(new CommandDefinition(GetSql, new { Id = id.Value }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<MemberView> Rows, long Total)> ListMembersAsync(OrganizationId id, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(MemberSelect, MemberFrom, MemberColumns, options);
            list.Parameters.Add("OrganizationId", id.Value);
            return DbReading.ReadPageAsync<MemberView>(db, list, token);
        }, ct);
}
