using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Database;

namespace Leanmote.Api.Hosting;

/// <summary>Deletes spent rate-limit windows every few minutes so the shared counter table stays small.</summary>
internal sealed class RateLimitJanitor(RateLimitStore store, TimeProvider clock, ILogger<RateLimitJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await store.PurgeAsync(clock.GetUtcNow().AddHours(-2), stoppingToken);
                if (deleted > 0) logger.LogDebug("Purged {Count} spent rate-limit windows", deleted);
            }
            catch (DatabaseUnavailableException e)
            {
                logger.LogWarning(e, "Could not purge rate-limit windows; will try again in {Minutes} minutes", Interval.TotalMinutes);
            }
        }
    }
}
