using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Users;

public sealed record UserView(
    UserId Id,
    string Name,
    string Email,
    string? Title,
    string? Timezone,
    bool IsActive,
    bool IsBot,
    string? AvatarUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>An organization a user belongs to, with the user's role there.</summary>
public sealed record UserOrganizationView(
    OrganizationId Id,
    string Name,
    string Slug,
    string Timezone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    OrganizationRole Role);

/// <summary>The filters of /v1/users that ListUsers hands to the reader as typed values.</summary>
public sealed record UserFilter(long? OrganizationId, long? TeamId, string? Email);

public interface IUserReader
{
    /// <summary>
    /// Users with a membership in one of <paramref name="organizationIds"/>, each once. <paramref name="filter"/>
    /// narrows to one organization, a team's members (of those organizations) and a case-insensitive email.
    /// </summary>
    Task<(IReadOnlyList<UserView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, UserFilter filter, QueryOptions options, CancellationToken ct);

    Task<UserView?> GetAsync(UserId user, CancellationToken ct);

    Task<(IReadOnlyList<UserOrganizationView> Rows, long Total)> ListOrganizationsAsync(UserId user, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);
}
