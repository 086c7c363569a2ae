using Dapper;
using Leanmote.Application.Access;
using Leanmote.Application.Common.Security;
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

    public Task<IReadOnlyList<long>?> FindOwnersAsync(ResourceKind kind, long id, CancellationToken ct) =>
        retry.RunAsync<IReadOnlyList<long>?>(async token =>
        {
            var sql = Sql[kind];
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<long[]>(new CommandDefinition(sql, new { Id = id }, cancellationToken: token));
        }, ct);
}
