using Leanmote.Domain.Common;

namespace Leanmote.Application.Scim.Tokens;

/// <summary>A SCIM token as listed (scim.md §3.1): never the hash or the plaintext.</summary>
public sealed record ScimTokenView(
    ScimTokenId Id,
    string TokenPreview,
    string? Description,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);

/// <summary>The answer to a SCIM token creation: the only time the plaintext token is shown.</summary>
public sealed record CreatedScimTokenView(
    ScimTokenId Id,
    string Token,
    string TokenPreview,
    string? Description,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    string ScimBaseUrl);

/// <summary>What SCIM authentication needs to know about a token, in one read.</summary>
public sealed record ScimTokenRecord(
    ScimTokenId Id,
    OrganizationId OrganizationId,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    bool OrganizationSuspended);
