using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Hosting;

namespace Leanmote.Api.Hosting;

/// <summary>Deletes spent rate-limit windows every few minutes so the shared counter table stays small (a supervised loop, ADR 0053).</summary>
internal sealed class RateLimitJanitor(RateLimitStore store, TimeProvider clock, ILogger<RateLimitJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SupervisedLoop.RunAsync("rate-limit janitor", async ct =>
        {
            var deleted = await store.PurgeAsync(clock.GetUtcNow().AddHours(-2), ct);
            if (deleted > 0) logger.LogDebug("Purged {Count} spent rate-limit windows", deleted);
            return Interval;
        }, logger, clock, stoppingToken);
}
