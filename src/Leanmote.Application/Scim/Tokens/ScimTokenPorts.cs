using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Scim.Tokens;

public interface IScimTokenStore
{
    /// <summary>
    /// Stores a new token unless the organization already has <paramref name="maxActive"/> active (unrevoked,
    /// unexpired) tokens; null then. The count and the insert are serialised per organization.
    /// </summary>
    Task<ScimTokenView?> CreateAsync(OrganizationId organization, string tokenHash, string tokenPreview, string? description,
        DateTimeOffset? expiresAt, UserId? createdBy, int maxActive, CancellationToken ct);

    Task<(IReadOnlyList<ScimTokenView> Rows, long Total)> ListAsync(OrganizationId organization, QueryOptions options, CancellationToken ct);

    /// <summary>Revokes the token (idempotent); false when the organization has no such token.</summary>
    Task<bool> RevokeAsync(OrganizationId organization, ScimTokenId token, CancellationToken ct);

    /// <summary>Revokes the organization's active tokens with exactly this description (rotation by operators); returns how many.</summary>
    Task<int> RevokeByDescriptionAsync(OrganizationId organization, string description, CancellationToken ct);

    Task<ScimTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken ct);

    /// <summary>Records use of a token; writes only when the stored value is older than <paramref name="staleBefore"/>.</summary>
    Task TouchAsync(OrganizationId organization, ScimTokenId token, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken ct);
}

/// <summary>Settings of the SCIM surface (configuration section <c>Leanmote:Scim</c>).</summary>
public sealed class ScimOptions
{
    public int RequestsPerMinute { get; set; } = 3000;
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}

