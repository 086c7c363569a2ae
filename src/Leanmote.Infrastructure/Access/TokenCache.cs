using System.Collections.Concurrent;
using Leanmote.Application.Access;
using Leanmote.Domain.Common;

namespace Leanmote.Infrastructure.Access;

/// <summary>
/// Token lookups kept in memory so a request costs no database round trip to authenticate. Entries live at
/// most <see cref="Ttl"/>; the whole cache is dropped whenever PostgreSQL reports an access change (see
/// <see cref="AccessChangeListener"/>), and nothing is cached while that listener is not connected, so a
/// revoked token or deactivated user stops working within moments on every process.
/// </summary>
public sealed class TokenCache(TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;
    private volatile bool _enabled;

    private sealed record Entry(TokenRecord Record, DateTimeOffset StoredAt);

    /// <summary>True while change notifications are flowing; only then is anything cached.</summary>
    public bool Enabled
    {
        get => _enabled;
        set
        {
            _enabled = value;
            Invalidate();
        }
    }

    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string hash, out TokenRecord record)
    {
        record = null!;
        if (!_enabled || !_entries.TryGetValue(hash, out var entry)) return false;
        if (clock.GetUtcNow() - entry.StoredAt > Ttl)
        {
            _entries.TryRemove(hash, out _);
            return false;
        }
        record = entry.Record;
        return true;
    }

    /// <summary>Stores a lookup unless the cache was invalidated since <paramref name="generation"/> was read.</summary>
    public void Store(string hash, TokenRecord record, long generation)
    {
        if (!_enabled || generation != Generation) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[hash] = new Entry(record, clock.GetUtcNow());
        if (generation != Generation) _entries.TryRemove(hash, out _);
    }

    public void RecordUse(CredentialId id, DateTimeOffset at)
    {
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Record.Id == id) _entries.TryUpdate(hash, entry with { Record = entry.Record with { LastUsedAt = at } }, entry);
        }
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}

/// <summary>The token store, answered from <see cref="TokenCache"/> when it can be.</summary>
internal sealed class CachingTokenStore(TokenStore inner, TokenCache cache) : ITokenStore
{
    public async Task<TokenRecord?> FindByHashAsync(string tokenHash, CancellationToken ct)
    {
        if (cache.TryGet(tokenHash, out var cached)) return cached;
        var generation = cache.Generation;
        var record = await inner.FindByHashAsync(tokenHash, ct);
        if (record is not null) cache.Store(tokenHash, record, generation);
        return record;
    }

    public async Task TouchAsync(CredentialId id, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken ct)
    {
        await inner.TouchAsync(id, now, staleBefore, ct);
        cache.RecordUse(id, now);
    }
}
