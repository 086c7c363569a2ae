using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Access;

/// <summary>What authentication needs to know about a token, in one read.</summary>
public sealed record TokenRecord(
    CredentialId Id,
    UserId UserId,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    bool UserIsActive,
    IReadOnlyList<Membership> Memberships);

public interface ITokenStore
{
    Task<TokenRecord?> FindByHashAsync(string tokenHash, CancellationToken ct);

    /// <summary>Records use of a token; writes only when the stored value is older than <paramref name="staleBefore"/>.</summary>
    Task TouchAsync(CredentialId id, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken ct);
}

/// <summary>A fixed window of a shared counter.</summary>
public sealed record RateWindow(string Bucket, DateTimeOffset Start, DateTimeOffset End);

/// <summary>Counters shared by every API process serving the same database.</summary>
public interface IRateLimitStore
{
    /// <summary>Adds one to each window and returns the new counts, in order.</summary>
    Task<IReadOnlyList<long>> IncrementAsync(IReadOnlyList<RateWindow> windows, CancellationToken ct);

    /// <summary>
    /// The highest count this process has seen for <paramref name="window"/> (0 if none), without a round trip: for a
    /// check that must come before any work, such as the failed-authentication limit before the token lookup.
    /// </summary>
    long ObservedCount(RateWindow window);
}

/// <summary>Resolves which organizations own a resource named by id (null when it does not exist).</summary>
public interface IAccessReader
{
    Task<IReadOnlyList<long>?> FindOwnersAsync(ResourceKind kind, long id, CancellationToken ct);

    /// <summary>The users a personal resource belongs to (owner, actor, attendees …); null when it is shared with its organization.</summary>
    Task<IReadOnlyList<long>?> FindPeopleAsync(ResourceKind kind, long id, CancellationToken ct);

    /// <summary>The caller and the members of the teams the caller manages, in each of <paramref name="organizationIds"/>.</summary>
    Task<IReadOnlyList<VisiblePerson>> FindVisiblePeopleAsync(UserId caller, IReadOnlyList<long> organizationIds, CancellationToken ct);
}

public interface IApiCredentialStore
{
    Task<(IReadOnlyList<CredentialView> Rows, long Total)> ListAsync(UserId user, QueryOptions options, CancellationToken ct);

    /// <summary>
    /// Stores a credential of <paramref name="user"/>. <paramref name="organizationIds"/> null: it acts in every organization
    /// where the user is an active member; else only in those of them that are also listed (ADR 0052). Null (nothing
    /// stored) when the user is inactive or, with a list, has no active membership in any listed organization.
    /// </summary>
    Task<CredentialView?> CreateAsync(UserId user, string tokenHash, string tokenPreview, DateTimeOffset? expiresAt, UserId createdBy,
        IReadOnlyList<long>? organizationIds, CancellationToken ct);

    /// <summary>Deactivates the user's credential; false when the user has no such credential.</summary>
    Task<bool> DeactivateAsync(UserId user, CredentialId credential, CancellationToken ct);
}

/// <summary>Settings of the Access module (bound from configuration section <c>Leanmote:Access</c>).</summary>
public sealed class AccessOptions
{
    public string TokenSalt { get; set; } = "";
    public int RequestsPerHour { get; set; } = 1000;
    public int RequestsPerMinute { get; set; } = 100;
    public int AuthenticationFailuresPerMinute { get; set; } = 60;
}
