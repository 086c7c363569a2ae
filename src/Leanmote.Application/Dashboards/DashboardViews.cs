using System.Text.Json;
using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Dashboards;

/// <summary>A saved dashboard. <c>filters</c> is the stored JSON object, written as is.</summary>
public sealed record DashboardViewView(
    DashboardViewId Id,
    OrganizationId OrganizationId,
    UserId OwnerId,
    string Name,
    string Type,
    string Visibility,
    JsonElement Filters,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A saved filter of an organization. <c>definition</c> is the stored JSON object, written as is.</summary>
public sealed record CustomFilterView(
    CustomFilterId Id,
    OrganizationId OrganizationId,
    string Name,
    string? Description,
    JsonElement Definition,
    UserId? CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>One built-in dashboard type of the catalog.</summary>
public sealed record DashboardTypeView(string Key, string Name, string Description);

public interface IDashboardReader
{
    /// <summary>The caller's own views plus the views shared with their organizations.</summary>
    Task<(IReadOnlyList<DashboardViewView> Rows, long Total)> ListVisibleAsync(
        UserId caller, QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct);

    /// <summary>Every view owned by <paramref name="owner"/>, private ones included.</summary>
    Task<(IReadOnlyList<DashboardViewView> Rows, long Total)> ListOwnedAsync(
        UserId owner, QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<DashboardViewView?> GetAsync(DashboardViewId id, CancellationToken ct);

    /// <summary>The view when <paramref name="owner"/> owns it in one of the organizations; else null.</summary>
    Task<DashboardViewView?> GetOwnedAsync(UserId owner, DashboardViewId id, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<(IReadOnlyList<CustomFilterView> Rows, long Total)> ListCustomFiltersAsync(
        QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct);
}
