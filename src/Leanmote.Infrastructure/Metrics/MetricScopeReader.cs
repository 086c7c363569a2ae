using Leanmote.Application.Metrics.Engine;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Metrics;

/// <summary>
/// Reads an organization's roster for scope resolution (metrics.md §5) in one round trip: its members (every
/// membership, so a person who left keeps their history in open scope) with their teams and whether they have a Git
/// identity, its teams with members and managers, repositories and boards.
/// </summary>
internal sealed class MetricScopeReader(NpgsqlDataSource db, DbRetry retry) : IMetricScopeReader
{
    private const string Sql = """
        SELECT o.name, o.timezone FROM organizations o WHERE o.id = @org;
        SELECT u.id, u.name, u.email, u.is_bot,
               ARRAY(SELECT tm.team_id FROM team_members tm
                     WHERE tm.organization_id = om.organization_id AND tm.user_id = u.id ORDER BY tm.team_id) AS team_ids,
               EXISTS (SELECT 1 FROM user_apps ua JOIN apps a ON a.organization_id = ua.organization_id AND a.id = ua.app_id
                       WHERE ua.organization_id = om.organization_id AND ua.user_id = u.id AND a.category = 'source_control') AS has_git
        FROM organization_members om JOIN users u ON u.id = om.user_id
        WHERE om.organization_id = @org ORDER BY u.id;
        SELECT t.id, t.name,
               ARRAY(SELECT tm.user_id FROM team_members tm WHERE tm.organization_id = t.organization_id AND tm.team_id = t.id ORDER BY tm.user_id),
               ARRAY(SELECT tm.user_id FROM team_members tm WHERE tm.organization_id = t.organization_id AND tm.team_id = t.id
                     AND tm.team_role = 'manager' ORDER BY tm.user_id)
        FROM teams t WHERE t.organization_id = @org ORDER BY t.id;
        SELECT r.id, r.full_name, r.team_id FROM repositories r WHERE r.organization_id = @org ORDER BY r.id;
        SELECT b.id, b.key, b.name, b.team_id FROM boards b WHERE b.organization_id = @org ORDER BY b.id;
        """;

    public Task<OrganizationRoster> ReadRosterAsync(long organizationId, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var command = db.CreateCommand(Sql);
            command.Parameters.AddWithValue("org", organizationId);
            await using var reader = await command.ExecuteReaderAsync(token);
            string name = "", timezone = "UTC";
            if (await reader.ReadAsync(token)) (name, timezone) = (reader.GetString(0), reader.GetString(1));

            await reader.NextResultAsync(token);
            var members = new List<ScopeMember>();
            while (await reader.ReadAsync(token))
                members.Add(new ScopeMember(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3),
                    reader.GetFieldValue<long[]>(4), reader.GetBoolean(5)));

            await reader.NextResultAsync(token);
            var teams = new List<ScopeTeam>();
            while (await reader.ReadAsync(token))
                teams.Add(new ScopeTeam(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<long[]>(2), reader.GetFieldValue<long[]>(3)));

            await reader.NextResultAsync(token);
            var repositories = new List<ScopeRepository>();
            while (await reader.ReadAsync(token))
                repositories.Add(new ScopeRepository(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));

            await reader.NextResultAsync(token);
            var boards = new List<ScopeBoard>();
            while (await reader.ReadAsync(token))
                boards.Add(new ScopeBoard(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));

            return new OrganizationRoster(organizationId, name, timezone, members, teams, repositories, boards);
        }, ct);
}
