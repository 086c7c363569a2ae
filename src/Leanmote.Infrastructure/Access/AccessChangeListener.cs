using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Leanmote.Infrastructure.Access;

/// <summary>
/// Listens on PostgreSQL channel <c>leanmote_access</c> (fed by triggers on credentials, users and memberships)
/// and drops the token cache on every notification. While disconnected the cache is disabled, so stale
/// access can never outlive a lost connection.
/// </summary>
public sealed class AccessChangeListener(NpgsqlDataSource db, TokenCache cache, ILogger<AccessChangeListener> logger) : BackgroundService
{
    public const string Channel = "leanmote_access";
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, _) => cache.Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                cache.Enabled = true;
                logger.LogDebug("Listening for access changes; token cache enabled");
                while (true) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (NpgsqlException e)
            {
                cache.Enabled = false;
                logger.LogWarning("Access-change listener lost its connection ({Message}); token cache disabled, retrying in {Seconds} s",
                    e.Message, ReconnectDelay.TotalSeconds);
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
        }
        cache.Enabled = false;
    }
}
