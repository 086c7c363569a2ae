using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Teams;

public sealed record TeamView(
    TeamId Id,
    OrganizationId OrganizationId,
    string Name,
    string? Description,
    TeamId? ParentTeamId,
    int MemberCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A member of a team: the user's fields plus their role in the team.</summary>
public sealed record TeamMemberView(
    UserId Id,
    string Name,
    string Email,
    string? Title,
    string? Timezone,
    bool IsActive,
    bool IsBot,
    string? AvatarUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string TeamRole,
    DateTimeOffset JoinedAt);

/// <summary>The user↔team relation: the team's fields plus the user's role in it.</summary>
public sealed record UserTeamView(
    TeamId Id,
    OrganizationId OrganizationId,
    string Name,
    string? Description,
    TeamId? ParentTeamId,
    int MemberCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string TeamRole,
    DateTimeOffset JoinedAt);

internal static class TeamSpecs
{
    public static readonly string[] TeamRoles = ["member", "manager"];

    /// <summary>/v1/teams and /v1/organizations/{id}/teams (the latter without the organization filter).</summary>
    public static QuerySpec Teams(bool organizationFilter)
    {
        var spec = QuerySpec.For<TeamView>().Sortable("created_at", "name");
        if (organizationFilter) spec.IdFilter<OrganizationId>("organization_id");
        return spec.IdFilter<TeamId>("parent_team_id");
    }

    /// <summary>Members of a team; the managers list has no team_role filter (it is fixed).</summary>
    public static QuerySpec Members(bool roleFilter)
    {
        var spec = QuerySpec.For<TeamMemberView>().Sortable("created_at", "name", "email");
        if (roleFilter) spec.EnumFilter("team_role", TeamRoles);
        return spec.BooleanFilter("is_active");
    }
}

public interface ITeamReader
{
    Task<(IReadOnlyList<TeamView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    Task<TeamView?> GetAsync(TeamId team, IReadOnlyList<long> organizationIds, CancellationToken ct);

    /// <summary>Members of the team; <paramref name="managersOnly"/> keeps those with team_role manager.</summary>
    Task<(IReadOnlyList<TeamMemberView> Rows, long Total)> ListMembersAsync(TeamId team, bool managersOnly, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    /// <summary>Null when the user is not a member of the team.</summary>
    Task<TeamMemberView?> GetMemberAsync(TeamId team, UserId user, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<(IReadOnlyList<UserTeamView> Rows, long Total)> ListOfUserAsync(UserId user, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    /// <summary>Null when the user is not a member of the team (or the team is outside the scope).</summary>
    Task<UserTeamView?> GetOfUserAsync(UserId user, TeamId team, IReadOnlyList<long> organizationIds, CancellationToken ct);
}
