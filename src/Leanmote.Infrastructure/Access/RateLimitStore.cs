using System.Collections.Concurrent;
using System.Threading.Channels;
using Dapper;
using Leanmote.Application.Access;
using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Leanmote.Infrastructure.Access;

/// <summary>
/// Fixed-window counters in one table, so every API process serving the database shares them.
/// <para>
/// Increments are group-committed: requests queue their windows, and one writer per process adds everything
/// queued so far in a single upsert (<c>count = count + k</c>), then hands each request the exact count it
/// would have seen had the increments run one by one, in queue order. The totals and every request's count
/// stay exact — across processes too, since the shared row is the only state — while concurrent requests of
/// one token no longer queue on that row's lock one round trip at a time (ADR 0013).
/// </para>
/// </summary>
internal sealed class RateLimitStore : IRateLimitStore, IAsyncDisposable
{
    private const string IncrementSql = """
        INSERT INTO rate_limit_windows AS w (bucket, window_start, count)
        SELECT b, s, k FROM unnest(@Buckets, @Starts, @Increments) AS t(b, s, k) ORDER BY b, s
        ON CONFLICT (bucket, window_start) DO UPDATE SET count = w.count + excluded.count
        RETURNING w.bucket, w.window_start, w.count
        """;

    private const string PurgeSql = "DELETE FROM rate_limit_windows WHERE window_start < @Before";

    /// <summary>At most this many requests share one upsert.</summary>
    private const int MaxBatch = 512;

    private readonly NpgsqlDataSource _db;
    private readonly DbRetry _retry;
    private readonly ILogger<RateLimitStore> _logger;

    /// <summary>Counts kept in this process while the database is read-only (ADR 0054); dropped by <see cref="PurgeAsync"/>.</summary>
    private readonly ConcurrentDictionary<(string Bucket, DateTime Start), long> _local = new();
    private int _degraded;

    /// <summary>The highest count seen per window, for <see cref="ObservedCount"/>; swept of ended windows as it grows.</summary>
    private readonly ConcurrentDictionary<(string Bucket, DateTime Start), (long Count, DateTime End)> _observed = new();
    private const int ObservedSweepAt = 50_000;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public RateLimitStore(NpgsqlDataSource db, DbRetry retry, ILogger<RateLimitStore>? logger = null)
    {
        _db = db;
        _retry = retry;
        _logger = logger ?? NullLogger<RateLimitStore>.Instance;
        _writer = Task.Run(WriteLoopAsync);
    }

    private sealed record Pending(IReadOnlyList<RateWindow> Windows, TaskCompletionSource<IReadOnlyList<long>> Done);

    public Task<IReadOnlyList<long>> IncrementAsync(IReadOnlyList<RateWindow> windows, CancellationToken ct)
    {
        // Once queued, the increment happens even if the caller gives up: the request was made.
        var pending = new Pending(windows, new TaskCompletionSource<IReadOnlyList<long>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(RateLimitStore));
        return pending.Done.Task.WaitAsync(ct);
    }

    public long ObservedCount(RateWindow window) =>
        _observed.TryGetValue((window.Bucket, window.Start.UtcDateTime), out var seen) ? seen.Count : 0;

    private void Observe(List<Pending> batch, IReadOnlyList<long>[] counts)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var windows = batch[i].Windows;
            for (var w = 0; w < windows.Count; w++)
            {
                var count = counts[i][w];
                _observed.AddOrUpdate((windows[w].Bucket, windows[w].Start.UtcDateTime), (count, windows[w].End.UtcDateTime),
                    (_, seen) => (Math.Max(seen.Count, count), seen.End));
            }
        }
        if (_observed.Count <= ObservedSweepAt) return;
        var now = DateTime.UtcNow;
        foreach (var (key, seen) in _observed)
        {
            if (seen.End <= now) _observed.TryRemove(key, out _);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                var counts = await FlushAsync(batch);
                if (Interlocked.Exchange(ref _degraded, 0) == 1)
                    _logger.LogWarning("Rate-limit counters are shared again: the database accepts writes");
                Observe(batch, counts);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(counts[i]);
            }
            catch (DatabaseUnavailableException e) when (DbFaults.IsReadOnly(e.InnerException!))
            {
                if (Interlocked.Exchange(ref _degraded, 1) == 0)
                    _logger.LogWarning("Rate-limit counters degrade to in-process counting: the database is read-only");
                var counts = CountLocally(batch);
                Observe(batch, counts);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(counts[i]);
            }
            catch (Exception e)
            {
                foreach (var pending in batch) pending.Done.TrySetException(e);
            }
        }
    }

    /// <summary>One upsert for the whole batch; returns each request's counts, in request order.</summary>
    private async Task<IReadOnlyList<long>[]> FlushAsync(List<Pending> batch)
    {
        var increments = new Dictionary<(string Bucket, DateTime Start), int>();
        foreach (var pending in batch)
        {
            foreach (var window in pending.Windows)
            {
                var key = (window.Bucket, window.Start.UtcDateTime);
                increments[key] = increments.GetValueOrDefault(key) + 1;
            }
        }
        var keys = increments.Keys.ToArray();
        var parameters = new
        {
            Buckets = keys.Select(k => k.Bucket).ToArray(),
            Starts = keys.Select(k => k.Start).ToArray(),
            Increments = keys.Select(k => increments[k]).ToArray(),
        };
        var totals = await _retry.RunOnceAsync(async token =>
        {
            await using var conn = await _db.OpenConnectionAsync(token);
            var rows = await conn.QueryAsync<(string Bucket, DateTime Start, long Count)>(new CommandDefinition(IncrementSql, parameters, cancellationToken: token));
            return rows.ToDictionary(r => (r.Bucket, DateTime.SpecifyKind(r.Start, DateTimeKind.Utc)), r => r.Count);
        }, CancellationToken.None);

        // Count of each window before this batch, then hand the increments out in queue order.
        var next = keys.ToDictionary(k => k, k => totals[k] - increments[k]);
        var result = new IReadOnlyList<long>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var windows = batch[i].Windows;
            var counts = new long[windows.Count];
            for (var w = 0; w < windows.Count; w++)
            {
                var key = (windows[w].Bucket, windows[w].Start.UtcDateTime);
                counts[w] = ++next[key];
            }
            result[i] = counts;
        }
        return result;
    }

    /// <summary>This process's own counts, in queue order: each window limits this process alone until writes come back.</summary>
    private IReadOnlyList<long>[] CountLocally(List<Pending> batch)
    {
        var result = new IReadOnlyList<long>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var windows = batch[i].Windows;
            var counts = new long[windows.Count];
            for (var w = 0; w < windows.Count; w++)
                counts[w] = _local.AddOrUpdate((windows[w].Bucket, windows[w].Start.UtcDateTime), 1, (_, c) => c + 1);
            result[i] = counts;
        }
        return result;
    }

    /// <summary>Deletes windows that started before <paramref name="before"/> (the in-process ones too); returns how many rows.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct)
    {
        foreach (var key in _local.Keys.Where(k => k.Start < before.UtcDateTime).ToList()) _local.TryRemove(key, out _);
        return PurgeSharedAsync(before, ct);
    }

    private Task<int> PurgeSharedAsync(DateTimeOffset before, CancellationToken ct) =>
        _retry.RunAsync(async token =>
        {
            await using var conn = await _db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(PurgeSql, new { Before = before.UtcDateTime }, cancellationToken: token));
        }, ct);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
