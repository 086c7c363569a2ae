using System.Collections.Concurrent;
using Leanmote.Application.Telemetry;
using Microsoft.Extensions.Options;

namespace Leanmote.Infrastructure.Telemetry;

/// <summary>
/// Ingest token lookups kept in process for at most <see cref="OtelOptions.TokenCacheSeconds"/> (≤ 60 s,
/// otel.md §2.2), so the hot path costs no round trip to authenticate. A revoked token therefore stops working
/// within that time. Unknown hashes are not cached (failures are rate-limited per client address instead).
/// <c>last_used_at</c> is written at most once a minute per token. A deactivation through this process drops
/// the entries at once (<see cref="IngestTokenEntries"/>); other processes notice within the cache lifetime.
/// </summary>
public sealed class IngestTokenCache(IIngestTokenStore store, IngestTokenEntries entries, IOptions<OtelOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (IngestTokenRecord Record, DateTimeOffset StoredAt)> _entries = entries.Map;
    private readonly ConcurrentDictionary<long, DateTimeOffset> _touched = new();

    public async ValueTask<IngestTokenRecord?> FindAsync(string tokenHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ttl = TimeSpan.FromSeconds(Math.Clamp(options.Value.TokenCacheSeconds, 0, 60));
        if (_entries.TryGetValue(tokenHash, out var entry) && now - entry.StoredAt < ttl) return entry.Record;

        var record = await store.FindByHashAsync(tokenHash, ct);
        if (record is null)
        {
            _entries.TryRemove(tokenHash, out _);
            return null;
        }
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[tokenHash] = (record, now);
        return record;
    }

    /// <summary>Records use of an accepted token, writing at most once a minute per token and process.</summary>
    public async ValueTask TouchAsync(IngestTokenRecord record, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var last = _touched.GetValueOrDefault(record.Id, record.LastUsedAt ?? DateTimeOffset.MinValue);
        if (now - last < TouchInterval) return;
        _touched[record.Id] = now;
        await store.TouchAsync(record.OrganizationId, record.Id, now, now - TouchInterval, ct);
    }

    public void Clear() => _entries.Clear();
}

/// <summary>The cached token checks of this process, shared by the cache and the store (which clears them on deactivation).</summary>
public sealed class IngestTokenEntries
{
    internal ConcurrentDictionary<string, (IngestTokenRecord Record, DateTimeOffset StoredAt)> Map { get; } = new(StringComparer.Ordinal);

    public void Clear() => Map.Clear();
}
