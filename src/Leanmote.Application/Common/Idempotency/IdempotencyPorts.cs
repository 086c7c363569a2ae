namespace Leanmote.Application.Common.Idempotency;

/// <summary>
/// A write that honours the <c>Idempotency-Key</c> header (rest-api.md §7, adr/0011): opting in is implementing
/// this interface; the idempotency behaviour does the rest. <see cref="IdempotencyKey"/> is the raw header
/// value, or null when the header was not sent.
/// </summary>
public interface IIdempotentCommand
{
    string? IdempotencyKey { get; }
}

/// <summary>
/// One use of a key: who used it (organization of the write, 0 when it has none, and user), the key, the
/// operation (the message's name) and the fingerprint of the request it was used with.
/// </summary>
public sealed record IdempotencyEntry(long OrganizationId, long UserId, string Key, string Operation, string Fingerprint);

/// <summary>What the store found when a request tried to claim its key.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>The key is new (or its previous use expired): this request runs and must complete or release it.</summary>
    public sealed record Claimed : IdempotencyClaim;

    /// <summary>The same request already completed: hand back its stored response.</summary>
    public sealed record Completed(int StatusCode, string Body) : IdempotencyClaim;

    /// <summary>The key was used with a different request.</summary>
    public sealed record Mismatch : IdempotencyClaim;

    /// <summary>The same request is still running elsewhere.</summary>
    public sealed record InProgress : IdempotencyClaim;
}

/// <summary>The replay store of Idempotency-Keys (24 hours), shared by every API process.</summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Atomically claims the key for this request (a pending row), or reports the earlier use. Uses older than
    /// <paramref name="expiredBefore"/>, and pending claims older than <paramref name="abandonedBefore"/>
    /// (a process that died mid-request), are taken over.
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyEntry entry, DateTimeOffset now, DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct);

    /// <summary>Stores the response of the claimed request.</summary>
    Task CompleteAsync(IdempotencyEntry entry, int statusCode, string body, CancellationToken ct);

    /// <summary>Gives the claim up (the request failed): the key may be used again.</summary>
    Task ReleaseAsync(IdempotencyEntry entry, CancellationToken ct);
}

/// <summary>
/// Turns a success value into its stored form (the HTTP status it is answered with and its JSON) and back.
/// Implemented by the Api, which owns JSON settings and statuses.
/// </summary>
public interface IResponseCodec
{
    (int StatusCode, string Json) Encode(object value, Type type);

    object Decode(string json, Type type);
}
