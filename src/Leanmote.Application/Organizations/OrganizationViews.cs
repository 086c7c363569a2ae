using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Organizations;

public sealed record OrganizationView(
    OrganizationId Id,
    string Name,
    string Slug,
    string Timezone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A member of an organization: the user's fields plus their role there.</summary>
public sealed record MemberView(
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
    OrganizationRole Role,
    DateTimeOffset JoinedAt);

public interface IOrganizationReader
{
    Task<(IReadOnlyList<OrganizationView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    Task<OrganizationView?> GetAsync(OrganizationId id, CancellationToken ct);

    Task<(IReadOnlyList<MemberView> Rows, long Total)> ListMembersAsync(OrganizationId id, QueryOptions options, CancellationToken ct);
}
