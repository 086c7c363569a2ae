using System.Text.Json;
using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Dashboards;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Dashboards;

internal sealed class DashboardReader(NpgsqlDataSource db, DbRetry retry) : IDashboardReader
{
    private const string ViewSelect = "d.id, d.organization_id, d.owner_id, d.name, d.type, d.visibility, d.filters::text AS filters, d.created_at, d.updated_at";
    private const string VisibleFrom = """
        FROM dashboard_views d
        WHERE d.organization_id = ANY(@OrganizationIds) AND (d.owner_id = @CallerId OR d.visibility = 'organization')
        """;
    private const string OwnedFrom = "FROM dashboard_views d WHERE d.organization_id = ANY(@OrganizationIds) AND d.owner_id = @OwnerId";

    internal static readonly ColumnMap ViewColumns = new(tieBreak: "d.id")
    {
        ["created_at"] = "d.created_at",
    };

    private const string GetSql = $"SELECT {ViewSelect} FROM dashboard_views d WHERE d.id = @Id";
    private const string GetOwnedSql = $"SELECT {ViewSelect} {OwnedFrom} AND d.id = @Id";

    private const string FilterSelect = "f.id, f.organization_id, f.name, f.description, f.definition::text AS definition, f.created_by, f.created_at";
    private const string FilterFrom = "FROM custom_filters f WHERE f.organization_id = ANY(@OrganizationIds)";

    internal static readonly ColumnMap FilterColumns = new(tieBreak: "f.id")
    {
        ["created_at"] = "f.created_at",
    };

    public Task<(IReadOnlyList<DashboardViewView> Rows, long Total)> ListVisibleAsync(
        UserId caller, QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(ViewSelect, VisibleFrom, ViewColumns, options);
            list = list.ScopedTo(organizationIds);
            list.Parameters.Add("CallerId", caller.Value);
            var (rows, total) = await DbReading.ReadPageAsync<ViewRow>(db, list, token);
            return ((IReadOnlyList<DashboardViewView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    public Task<(IReadOnlyList<DashboardViewView> Rows, long Total)> ListOwnedAsync(
        UserId owner, QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(ViewSelect, OwnedFrom, ViewColumns, options);
            list = list.ScopedTo(organizationIds);
            list.Parameters.Add("OwnerId", owner.Value);
            var (rows, total) = await DbReading.ReadPageAsync<ViewRow>(db, list, token);
            return ((IReadOnlyList<DashboardViewView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    public Task<DashboardViewView?> GetAsync(DashboardViewId id, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<ViewRow>(new CommandDefinition(GetSql, new { Id = id.Value }, cancellationToken: token));
            return row?.ToView();
        }, ct);

    public Task<DashboardViewView?> GetOwnedAsync(UserId owner, DashboardViewId id, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<ViewRow>(new CommandDefinition(
                GetOwnedSql, new { Id = id.Value, OwnerId = owner.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
            return row?.ToView();
        }, ct);

    public Task<(IReadOnlyList<CustomFilterView> Rows, long Total)> ListCustomFiltersAsync(
        QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(FilterSelect, FilterFrom, FilterColumns, options);
            list = list.ScopedTo(organizationIds);
            var (rows, total) = await DbReading.ReadPageAsync<FilterRow>(db, list, token);
            return ((IReadOnlyList<CustomFilterView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    /// <summary>jsonb arrives as text and becomes a detached <see cref="JsonElement"/>.</summary>
    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private sealed record ViewRow(
        DashboardViewId Id, OrganizationId OrganizationId, UserId OwnerId, string Name, string Type, string Visibility,
        string Filters, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public DashboardViewView ToView() => new(Id, OrganizationId, OwnerId, Name, Type, Visibility, Json(Filters), CreatedAt, UpdatedAt);
    }

    private sealed record FilterRow(
        CustomFilterId Id, OrganizationId OrganizationId, string Name, string? Description, string Definition, UserId? CreatedBy,
        DateTimeOffset CreatedAt)
    {
        public CustomFilterView ToView() => new(Id, OrganizationId, Name, Description, Json(Definition), CreatedBy, CreatedAt);
    }
}
