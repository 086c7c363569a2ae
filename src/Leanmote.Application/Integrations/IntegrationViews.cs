using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Integrations;

/// <summary>An integration of an organization with a tool.</summary>
public sealed record AppView(
    AppId Id,
    OrganizationId OrganizationId,
    string Provider,
    string Category,
    string Name,
    bool IsActive,
    DateTimeOffset? LastSyncedAt,
    DateTimeOffset CreatedAt);

/// <summary>The identity of a user in one app (<c>id</c> keeps pages of a user's mappings disjoint and addressable).</summary>
public sealed record UserAppView(
    UserAppId Id,
    AppId AppId,
    string Provider,
    string ExternalId,
    string? ExternalUsername,
    string? ExternalEmail,
    DateTimeOffset CreatedAt);

internal static class IntegrationSpecs
{
    public static readonly string[] Providers =
    [
        "github", "gitlab", "bitbucket", "azure_devops", "jira", "linear", "clickup", "slack", "google_calendar",
        "claude_code", "github_copilot", "custom",
    ];

    public static readonly string[] Categories = ["source_control", "project_management", "communication", "calendar", "ai_assistant", "custom"];

    /// <summary>/v1/apps and /v1/organizations/{id}/apps (the latter without the organization filter).</summary>
    public static QuerySpec Apps(bool organizationFilter)
    {
        var spec = QuerySpec.For<AppView>().Sortable("created_at", "name");
        if (organizationFilter) spec.IdFilter<OrganizationId>("organization_id");
        return spec.EnumFilter("provider", Providers).EnumFilter("category", Categories).BooleanFilter("is_active");
    }
}

public interface IAppReader
{
    Task<(IReadOnlyList<AppView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    Task<AppView?> GetAsync(AppId app, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<(IReadOnlyList<UserAppView> Rows, long Total)> ListUserAppsAsync(UserId user, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    /// <summary>The user's (earliest) mapping in that app; null when there is none in the scope.</summary>
    Task<UserAppView?> GetUserAppAsync(UserId user, AppId app, IReadOnlyList<long> organizationIds, CancellationToken ct);

    /// <summary>Source-control apps in which the user has a mapping.</summary>
    Task<(IReadOnlyList<AppView> Rows, long Total)> ListUserGitAppsAsync(UserId user, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);
}
