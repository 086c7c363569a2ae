using Leanmote.Infrastructure.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Leanmote.Infrastructure.Access;

/// <summary>
/// Listens on PostgreSQL channel <c>leanmote_access</c> (fed by triggers on credentials, users and memberships)
/// and drops the token cache on every notification. While disconnected the cache is disabled, so stale
/// access can never outlive a lost connection. A supervised loop (ADR 0053): any failure logs, backs off and listens again.
/// </summary>
public sealed class AccessChangeListener(NpgsqlDataSource db, TokenCache cache, TimeProvider clock, ILogger<AccessChangeListener> logger) : BackgroundService
{
    public const string Channel = "leanmote_access";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SupervisedLoop.RunAsync("access-change listener", ListenAsync, logger, clock, stoppingToken);

    private async Task<TimeSpan> ListenAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            conn.Notification += (_, _) => cache.Invalidate();
            await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn))
            {
                await listen.ExecuteNonQueryAsync(ct);
            }
            cache.Enabled = true;
            logger.LogDebug("Listening for access changes; token cache enabled");
            while (true) await conn.WaitAsync(ct);
        }
        finally
        {
            cache.Enabled = false;
        }
    }
}
