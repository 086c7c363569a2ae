using Leanmote.Application.Common.Idempotency;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Idempotency;

namespace Leanmote.Api.Hosting;

/// <summary>Deletes Idempotency-Key uses older than their 24 hours, every quarter of an hour.</summary>
internal sealed class IdempotencyJanitor(IdempotencyStore store, TimeProvider clock, ILogger<IdempotencyJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await store.PurgeAsync(clock.GetUtcNow() - IdempotencyKeys.Lifetime, stoppingToken);
                if (deleted > 0) logger.LogDebug("Purged {Count} expired idempotency keys", deleted);
            }
            catch (DatabaseUnavailableException e)
            {
                logger.LogWarning(e, "Could not purge idempotency keys; will try again in {Minutes} minutes", Interval.TotalMinutes);
            }
        }
    }
}
