using Dapper;
using Leanmote.Application.Telemetry;
using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leanmote.Infrastructure.Telemetry;

/// <summary>
/// Backpressure (otel.md §7.2.3): the pending raw payloads, counted at most once a second per process (the
/// partial index on pending rows keeps the count cheap). Over either cap, new requests get 503 + Retry-After.
/// </summary>
public sealed class OtelBacklog(NpgsqlDataSource db, DbRetry retry, IOptions<OtelOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot _last = new(0, 0, DateTimeOffset.MinValue);

    public sealed record Snapshot(long Payloads, long Bytes, DateTimeOffset At);

    public async ValueTask<bool> IsOverCapAsync(CancellationToken ct)
    {
        var snapshot = _last;
        if (clock.GetUtcNow() - snapshot.At > RefreshEvery && await _refresh.WaitAsync(0, ct))
        {
            try
            {
                snapshot = await RefreshAsync(ct);
            }
            finally
            {
                _refresh.Release();
            }
        }
        var o = options.Value;
        return snapshot.Payloads >= o.MaxPendingPayloads || snapshot.Bytes >= o.MaxPendingBytes;
    }

    /// <summary>Counts now (also used by tests and the maintenance service).</summary>
    public Task<Snapshot> RefreshAsync(CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var (count, bytes) = await conn.QuerySingleAsync<(long, long)>(new CommandDefinition(
                "SELECT count(*), coalesce(sum(body_bytes), 0)::bigint FROM otel_raw_payloads WHERE status = 'pending'", cancellationToken: token));
            var snapshot = new Snapshot(count, bytes, clock.GetUtcNow());
            _last = snapshot;
            return snapshot;
        }, ct);
}
