using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Integrations;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Integrations;

/// <summary>Apps (integrations) and users' identity mappings in them, bounded by the request's organizations.</summary>
internal sealed class AppReader(NpgsqlDataSource db, DbRetry retry) : IAppReader
{
    private const string AppSelect = "a.id, a.organization_id, a.provider, a.category, a.name, a.is_active, a.last_synced_at, a.created_at";
    private const string AppFrom = "FROM apps a WHERE a.organization_id = ANY(@OrganizationIds)";
    private const string UserGitAppFrom = """
        FROM apps a WHERE a.organization_id = ANY(@OrganizationIds) AND a.category = 'source_control'
          AND EXISTS (SELECT 1 FROM user_apps ua WHERE ua.organization_id = a.organization_id AND ua.app_id = a.id AND ua.user_id = @UserId)
        """;

    private static readonly ColumnMap AppColumns = new(tieBreak: "a.id")
    {
        ["created_at"] = "a.created_at",
        ["name"] = "a.name",
        ["organization_id"] = "a.organization_id",
        ["provider"] = "a.provider",
        ["category"] = "a.category",
        ["is_active"] = "a.is_active",
    };

    private const string UserAppSelect = "ua.id, ua.app_id, ua.provider, ua.external_id, ua.external_username, ua.external_email, ua.created_at";
    private const string UserAppFrom = "FROM user_apps ua WHERE ua.organization_id = ANY(@OrganizationIds) AND ua.user_id = @UserId";

    private static readonly ColumnMap UserAppColumns = new(tieBreak: "ua.id")
    {
        ["created_at"] = "ua.created_at",
        ["provider"] = "ua.provider",
        ["app_id"] = "ua.app_id",
    };

    internal static IReadOnlyDictionary<string, ColumnMap> ColumnsForTests { get; } = new Dictionary<string, ColumnMap>
    {
        ["apps"] = AppColumns, ["user_apps"] = UserAppColumns,
    };

    public Task<(IReadOnlyList<AppView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(AppSelect, AppFrom, AppColumns, options);
            list = list.ScopedTo(organizationIds);
            return DbReading.ReadPageAsync<AppView>(db, list, token);
        }, ct);

    public Task<AppView?> GetAsync(AppId app, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            const string sql = $"SELECT {AppSelect} {AppFrom} AND a.id = @AppId";
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<AppView>(new CommandDefinition(sql,
                new { AppId = app.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<UserAppView> Rows, long Total)> ListUserAppsAsync(UserId user, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(UserAppSelect, UserAppFrom, UserAppColumns, options);
            list = list.ScopedTo(organizationIds);
            list.Parameters.Add("UserId", user.Value);
            return DbReading.ReadPageAsync<UserAppView>(db, list, token);
        }, ct);

    public Task<UserAppView?> GetUserAppAsync(UserId user, AppId app, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            const string sql = $"SELECT {UserAppSelect} {UserAppFrom} AND ua.app_id = @AppId ORDER BY ua.created_at, ua.id LIMIT 1";
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<UserAppView>(new CommandDefinition(sql,
                new { AppId = app.Value, UserId = user.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<AppView> Rows, long Total)> ListUserGitAppsAsync(UserId user, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(AppSelect, UserGitAppFrom, AppColumns, options);
            list = list.ScopedTo(organizationIds);
            list.Parameters.Add("UserId", user.Value);
            return DbReading.ReadPageAsync<AppView>(db, list, token);
        }, ct);
}
