using Dapper;
using Leanmote.Application.Access;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Access;

internal sealed class AccessReader(NpgsqlDataSource db, DbRetry retry) : IAccessReader
{
    private const string OrganizationSql = "SELECT ARRAY[id] FROM organizations WHERE id = @Id";

    private const string UserSql = """
        SELECT coalesce(array_agg(m.organization_id ORDER BY m.organization_id) FILTER (WHERE m.organization_id IS NOT NULL), '{}')
        FROM users u LEFT JOIN organization_members m ON m.user_id = u.id
        WHERE u.id = @Id
        GROUP BY u.id
        """;

    /// <summary>Tenant resources: the owning organization of the row with that id.</summary>
    private static string OwnerSql(string table) => $"SELECT ARRAY[organization_id] FROM {table} WHERE id = @Id";

    private static readonly Dictionary<ResourceKind, string> Sql = new()
    {
        [ResourceKind.Organization] = OrganizationSql,
        [ResourceKind.User] = UserSql,
        [ResourceKind.Team] = OwnerSql("teams"),
        [ResourceKind.App] = OwnerSql("apps"),
        [ResourceKind.Repository] = OwnerSql("repositories"),
        [ResourceKind.Board] = OwnerSql("boards"),
        [ResourceKind.Task] = OwnerSql("tasks"),
        [ResourceKind.Calendar] = OwnerSql("calendars"),
        [ResourceKind.CalendarEvent] = OwnerSql("calendar_events"),
        [ResourceKind.Interaction] = OwnerSql("interactions"),
        [ResourceKind.DashboardView] = OwnerSql("dashboard_views"),
        [ResourceKind.CustomFilter] = OwnerSql("custom_filters"),
        [ResourceKind.Deployment] = OwnerSql("deployments"),
        [ResourceKind.Incident] = OwnerSql("incidents"),
    };

    /// <summary>The people of a personal resource (ADR 0010); a NULL array means shared with the organization.</summary>
    private static readonly Dictionary<ResourceKind, string> PeopleSql = new()
    {
        [ResourceKind.Calendar] = "SELECT ARRAY[owner_id] FROM calendars WHERE id = @Id",
        [ResourceKind.CalendarEvent] = """
            SELECT array_remove(ARRAY[c.owner_id, e.organizer_id], NULL)
                || ARRAY(SELECT a.user_id FROM calendar_event_attendees a
                         WHERE a.organization_id = e.organization_id AND a.event_id = e.id AND a.user_id IS NOT NULL)
            FROM calendar_events e JOIN calendars c ON c.organization_id = e.organization_id AND c.id = e.calendar_id
            WHERE e.id = @Id
            """,
        [ResourceKind.Interaction] = "SELECT array_remove(ARRAY[actor_id, target_user_id], NULL) FROM interactions WHERE id = @Id",
        [ResourceKind.DashboardView] = "SELECT CASE WHEN visibility = 'private' THEN ARRAY[owner_id] END FROM dashboard_views WHERE id = @Id",
    };

    /// <summary>The caller in each organization, plus the members of every team the caller manages there.</summary>
    private const string VisiblePeopleSql = """
        SELECT o AS organization_id, @UserId AS user_id FROM unnest(@OrganizationIds) AS o
        UNION
        SELECT tm.organization_id, tm.user_id
        FROM team_members mgr
        JOIN team_members tm ON tm.organization_id = mgr.organization_id AND tm.team_id = mgr.team_id
        WHERE mgr.user_id = @UserId AND mgr.team_role = 'manager' AND mgr.organization_id = ANY(@OrganizationIds)
        """;

    public Task<IReadOnlyList<long>?> FindPeopleAsync(ResourceKind kind, long id, CancellationToken ct) =>
        retry.RunAsync<IReadOnlyList<long>?>(async token =>
        {
            var sql = PeopleSql.TryGetValue(kind, out var found) ? found : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a personal resource kind");
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<long[]>(new CommandDefinition(sql, new { Id = id }, cancellationToken: token));
        }, ct);

    public Task<IReadOnlyList<VisiblePerson>> FindVisiblePeopleAsync(UserId caller, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync<IReadOnlyList<VisiblePerson>>(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var rows = await conn.QueryAsync<VisiblePerson>(new CommandDefinition(
                VisiblePeopleSql, new { UserId = caller.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
            return rows.AsList();
        }, ct);

    public Task<IReadOnlyList<long>?> FindOwnersAsync(ResourceKind kind, long id, CancellationToken ct) =>
        retry.RunAsync<IReadOnlyList<long>?>(async token =>
        {
            var sql = Sql[kind];
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<long[]>(new CommandDefinition(sql, new { Id = id }, cancellationToken: token));
        }, ct);
}
