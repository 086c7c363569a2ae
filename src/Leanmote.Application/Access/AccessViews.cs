using Leanmote.Domain.Common;

namespace Leanmote.Application.Access;

/// <summary>An API credential as listed (never the hash or the token).</summary>
public sealed record CredentialView(
    CredentialId Id,
    string TokenPreview,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset CreatedAt);

/// <summary>The answer to a credential creation: the only time the plaintext token is shown.</summary>
public sealed record CreatedCredentialView(
    CredentialId Id,
    string Token,
    string TokenPreview,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt);
