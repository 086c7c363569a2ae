using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Teams;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Teams;

/// <summary>Teams, their members and a user's teams, always bounded by the request's organizations.</summary>
internal sealed class TeamReader(NpgsqlDataSource db, DbRetry retry) : ITeamReader
{
    private const string TeamSelect = """
        t.id, t.organization_id, t.name, t.description, t.parent_team_id,
        (SELECT count(*)::int FROM team_members c WHERE c.organization_id = t.organization_id AND c.team_id = t.id) AS member_count,
        t.created_at, t.updated_at
        """;
    private const string TeamFrom = "FROM teams t WHERE t.organization_id = ANY(@OrganizationIds)";

    private static readonly ColumnMap TeamColumns = new(tieBreak: "t.id")
    {
        ["created_at"] = "t.created_at",
        ["name"] = "t.name",
        ["organization_id"] = "t.organization_id",
        ["parent_team_id"] = "t.parent_team_id",
    };

    private const string MemberSelect = """
        u.id, u.name, u.email, u.title, u.timezone, u.is_active, u.is_bot, u.avatar_url, u.created_at, u.updated_at,
        tm.team_role, tm.joined_at
        """;
    private const string MemberFrom = """
        FROM team_members tm JOIN users u ON u.id = tm.user_id
        WHERE tm.organization_id = ANY(@OrganizationIds) AND tm.team_id = @TeamId
        """;
    private const string ManagerFrom = MemberFrom + " AND tm.team_role = 'manager'";

    private static readonly ColumnMap MemberColumns = new(tieBreak: "u.id")
    {
        ["created_at"] = "u.created_at",
        ["name"] = "u.name",
        ["email"] = "u.email",
        ["team_role"] = "tm.team_role",
        ["is_active"] = "u.is_active",
    };

    private const string UserTeamSelect = TeamSelect + ", tm.team_role, tm.joined_at";
    private const string UserTeamFrom = """
        FROM team_members tm JOIN teams t ON t.organization_id = tm.organization_id AND t.id = tm.team_id
        WHERE tm.user_id = @UserId AND tm.organization_id = ANY(@OrganizationIds)
        """;

    private static readonly ColumnMap UserTeamColumns = new(tieBreak: "t.id")
    {
        ["created_at"] = "t.created_at",
        ["name"] = "t.name",
        ["joined_at"] = "tm.joined_at",
        ["organization_id"] = "t.organization_id",
        ["parent_team_id"] = "t.parent_team_id",
        ["team_role"] = "tm.team_role",
    };

    internal static IReadOnlyDictionary<string, ColumnMap> ColumnsForTests { get; } = new Dictionary<string, ColumnMap>
    {
        ["teams"] = TeamColumns, ["members"] = MemberColumns, ["user_teams"] = UserTeamColumns,
    };

    public Task<(IReadOnlyList<TeamView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(TeamSelect, TeamFrom, TeamColumns, options);
            list = list.ScopedTo(organizationIds);
            return DbReading.ReadPageAsync<TeamView>(db, list, token);
        }, ct);

    public Task<TeamView?> GetAsync(TeamId team, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            const string sql = $"SELECT {TeamSelect} {TeamFrom} AND t.id = @TeamId";
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<TeamView>(new CommandDefinition(sql,
                new { TeamId = team.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<TeamMemberView> Rows, long Total)> ListMembersAsync(
        TeamId team, bool managersOnly, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(MemberSelect, managersOnly ? ManagerFrom : MemberFrom, MemberColumns, options);
            list = list.ScopedTo(organizationIds);
            list.Parameters.Add("TeamId", team.Value);
            return DbReading.ReadPageAsync<TeamMemberView>(db, list, token);
        }, ct);

    public Task<TeamMemberView?> GetMemberAsync(TeamId team, UserId user, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            const string sql = $"SELECT {MemberSelect} {MemberFrom} AND tm.user_id = @UserId";
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<TeamMemberView>(new CommandDefinition(sql,
                new { TeamId = team.Value, UserId = user.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<UserTeamView> Rows, long Total)> ListOfUserAsync(UserId user, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(UserTeamSelect, UserTeamFrom, UserTeamColumns, options);
            list = list.ScopedTo(organizationIds);
            list.Parameters.Add("UserId", user.Value);
            return DbReading.ReadPageAsync<UserTeamView>(db, list, token);
        }, ct);

    public Task<UserTeamView?> GetOfUserAsync(UserId user, TeamId team, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            const string sql = $"SELECT {UserTeamSelect} {UserTeamFrom} AND tm.team_id = @TeamId";
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<UserTeamView>(new CommandDefinition(sql,
                new { TeamId = team.Value, UserId = user.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
        }, ct);
}
