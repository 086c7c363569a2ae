using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Leanmote.Infrastructure.Hosting;

/// <summary>
/// The one shape of every background loop (style.md §4.1, ADR 0053): runs a step again and again; a step that throws
/// anything but shutdown is logged once (Warning when the database is unavailable, Error with the exception otherwise),
/// backs off exponentially from <see cref="FirstBackoff"/> to <see cref="MaxBackoff"/> and carries on. It never throws,
/// so neither the loop nor the host stops because of one failure.
/// </summary>
public static class SupervisedLoop
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="step"/> until <paramref name="stoppingToken"/> fires; the step returns how long to wait before
    /// its next run (<see cref="TimeSpan.Zero"/>: at once).
    /// </summary>
    public static async Task RunAsync(string name, Func<CancellationToken, Task<TimeSpan>> step, ILogger logger, TimeProvider clock,
        CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await step(stoppingToken);
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                backoff = backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                Log(logger, name, e, backoff);
                wait = backoff;
            }
            if (wait <= TimeSpan.Zero) continue;
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void Log(ILogger logger, string name, Exception e, TimeSpan backoff)
    {
        if (e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedFunction })
            logger.LogDebug("Background {Loop}: the schema is not migrated yet ({Message}); retrying in {Seconds} s", name, e.Message, backoff.TotalSeconds);
        else if (DbFaults.IsUnavailable(e))
            logger.LogWarning("Background {Loop}: database unavailable ({Message}); retrying in {Seconds} s", name, e.Message, backoff.TotalSeconds);
        else
            logger.LogError(e, "Background {Loop} failed unexpectedly; retrying in {Seconds} s", name, backoff.TotalSeconds);
    }
}
