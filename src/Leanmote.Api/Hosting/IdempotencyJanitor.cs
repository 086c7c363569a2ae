using Leanmote.Application.Common.Idempotency;
using Leanmote.Infrastructure.Hosting;
using Leanmote.Infrastructure.Idempotency;

namespace Leanmote.Api.Hosting;

/// <summary>Deletes Idempotency-Key uses older than their 24 hours, every quarter of an hour (a supervised loop, ADR 0053).</summary>
internal sealed class IdempotencyJanitor(IdempotencyStore store, TimeProvider clock, ILogger<IdempotencyJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SupervisedLoop.RunAsync("idempotency janitor", async ct =>
        {
            var deleted = await store.PurgeAsync(clock.GetUtcNow() - IdempotencyKeys.Lifetime, ct);
            if (deleted > 0) logger.LogDebug("Purged {Count} expired idempotency keys", deleted);
            return Interval;
        }, logger, clock, stoppingToken);
}
