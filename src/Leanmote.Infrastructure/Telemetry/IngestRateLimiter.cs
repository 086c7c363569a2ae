using System.Collections.Concurrent;
using Leanmote.Application.Telemetry;
using Microsoft.Extensions.Options;

namespace Leanmote.Infrastructure.Telemetry;

/// <summary>
/// The ingest limits of otel.md §4, kept in process (they guard this process's CPU and memory; an operator
/// running N processes behind a balancer gets N times the allowance — docs/adr/0032): a token bucket per
/// ingest token (requests/s sustained, burst) and decompressed bytes per organization per minute.
/// </summary>
public sealed class IngestRateLimiter(IOptions<OtelOptions> options, TimeProvider clock)
{
    private const int MaxKeys = 100_000;
    private readonly ConcurrentDictionary<long, Bucket> _tokens = new();
    private readonly ConcurrentDictionary<long, Window> _organizations = new();

    private sealed class Bucket(double tokens, long at)
    {
        public double Tokens = tokens;
        public long At = at;
    }

    private sealed class Window(long minute)
    {
        public long Minute = minute;
        public long Bytes;
    }

    /// <summary>Takes one request from the token's bucket; the wait until one is available when it is empty.</summary>
    public TimeSpan? TakeRequest(long tokenId)
    {
        var o = options.Value;
        var now = clock.GetTimestamp();
        if (_tokens.Count >= MaxKeys) _tokens.Clear();
        var bucket = _tokens.GetOrAdd(tokenId, _ => new Bucket(o.TokenBurst, now));
        lock (bucket)
        {
            var elapsed = clock.GetElapsedTime(bucket.At, now).TotalSeconds;
            bucket.Tokens = Math.Min(o.TokenBurst, bucket.Tokens + elapsed * o.TokenRequestsPerSecond);
            bucket.At = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }
            return TimeSpan.FromSeconds((1 - bucket.Tokens) / o.TokenRequestsPerSecond);
        }
    }

    /// <summary>The wait until the organization's minute resets, when its decompressed volume is already spent.</summary>
    public TimeSpan? CheckVolume(long organizationId)
    {
        var (minute, remaining) = CurrentMinute();
        return _organizations.TryGetValue(organizationId, out var window) && Interlocked.Read(ref window.Bytes) >= options.Value.OrganizationBytesPerMinute
               && window.Minute == minute
            ? remaining
            : null;
    }

    /// <summary>Adds decompressed bytes to the organization's minute; the wait when this request went over the limit.</summary>
    public TimeSpan? AddVolume(long organizationId, long bytes)
    {
        var (minute, remaining) = CurrentMinute();
        if (_organizations.Count >= MaxKeys) _organizations.Clear();
        var window = _organizations.GetOrAdd(organizationId, _ => new Window(minute));
        lock (window)
        {
            if (window.Minute != minute)
            {
                window.Minute = minute;
                window.Bytes = 0;
            }
            window.Bytes += bytes;
            return window.Bytes > options.Value.OrganizationBytesPerMinute ? remaining : null;
        }
    }

    private (long Minute, TimeSpan Remaining) CurrentMinute()
    {
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        return (minute, DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60) - now);
    }
}
