using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;

namespace Leanmote.Application.Telemetry;

/// <summary>An ingest token as listed (never the hash or the token).</summary>
public sealed record IngestTokenView(
    IngestTokenId Id,
    string Name,
    string TokenPreview,
    IReadOnlyList<string> AllowedSignals,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    UserId? CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>The answer to an ingest token creation: the only time the plaintext token is shown.</summary>
public sealed record CreatedIngestTokenView(
    IngestTokenId Id,
    string Name,
    string Token,
    string TokenPreview,
    IReadOnlyList<string> AllowedSignals,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    UserId? CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>What the ingest path needs to know about a token, in one read.</summary>
public sealed record IngestTokenRecord(
    long Id,
    long OrganizationId,
    IReadOnlyList<string> AllowedSignals,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    bool OrganizationSuspended = false)
{
    public bool Allows(OtelSignal signal) => AllowedSignals.Contains(OtelSignals.Name(signal));
}

public interface IIngestTokenStore
{
    Task<(IReadOnlyList<IngestTokenView> Rows, long Total)> ListAsync(long organizationId, QueryOptions options, CancellationToken ct);

    /// <summary>False when a token with this hash already exists anywhere (the caller draws another).</summary>
    Task<bool> HashExistsAsync(string tokenHash, CancellationToken ct);

    Task<IngestTokenView> CreateAsync(long organizationId, string name, string tokenHash, string tokenPreview,
        IReadOnlyList<string> allowedSignals, DateTimeOffset? expiresAt, UserId createdBy, CancellationToken ct);

    /// <summary>Deactivates the token; false when the organization has no such token.</summary>
    Task<bool> DeactivateAsync(long organizationId, IngestTokenId token, CancellationToken ct);

    /// <summary>The token with this hash (any organization), uncached.</summary>
    Task<IngestTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken ct);

    /// <summary>Records use of a token; writes only when the stored value is older than <paramref name="staleBefore"/>.</summary>
    Task TouchAsync(long organizationId, long tokenId, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken ct);
}

/// <summary>Settings of the OTLP ingest (configuration section <c>Otel</c>; otel.md §4, §7).</summary>
public sealed class OtelOptions
{
    /// <summary>Request body limit, on the wire and after inflation (§4).</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Backpressure (§7.2.3): pending payloads above either cap → 503.</summary>
    public long MaxPendingPayloads { get; set; } = 50_000;

    public long MaxPendingBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The Retry-After of a 503 (backlog over its cap, database unreachable, shutting down).</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>Per-token token bucket (§4): sustained requests per second and burst.</summary>
    public double TokenRequestsPerSecond { get; set; } = 100;

    public double TokenBurst { get; set; } = 1000;

    /// <summary>Decompressed bytes per organization per minute (§4).</summary>
    public long OrganizationBytesPerMinute { get; set; } = 60L * 1024 * 1024;

    /// <summary>How long ingest token lookups are cached in process (at most 60 s, §2.2).</summary>
    public int TokenCacheSeconds { get; set; } = 60;

    /// <summary>Raw payload retention in days (§7.1); older day partitions are dropped.</summary>
    public int RawRetentionDays { get; set; } = 30;

    /// <summary>How many day partitions ahead the maintenance service keeps.</summary>
    public int PartitionsAheadDays { get; set; } = 3;

    /// <summary>How long payload digests are kept for dedup (§6.2).</summary>
    public int DigestRetentionHours { get; set; } = 48;

    /// <summary>How often the maintenance service runs.</summary>
    public int MaintenanceIntervalMinutes { get; set; } = 60;
}
