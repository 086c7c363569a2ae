using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Leanmote.Infrastructure.Database;

/// <summary>The database could not be reached (after retries, where retrying was safe). Answered with 503.</summary>
public sealed class DatabaseUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The one resilience pipeline (style.md §7): retries only Npgsql's own fast transient faults (a refused or broken
/// connection), three times with jittered exponential backoff from ~50 ms — well under two seconds in all. A timeout
/// (connect, command, or waiting for a pooled connection) already took its full time and is never retried; it and a
/// read-only server (25006) become <see cref="DatabaseUnavailableException"/> at once (ADR 0054). A port method is the
/// unit of retry.
/// </summary>
public sealed class DbRetry
{
    private readonly ResiliencePipeline _pipeline;

    public DbRetry(ILogger<DbRetry> logger)
    {
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient && !DbFaults.IsTimeout(e)),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
                OnRetry = args =>
                {
                    logger.LogWarning("Transient database fault, retry {Attempt} after {DelayMs} ms (SqlState {SqlState})",
                        args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds,
                        (args.Outcome.Exception as PostgresException)?.SqlState ?? "none");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Runs an idempotent operation (a read, an upsert, a deactivation), retrying transient faults.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(static async (op, token) => await op(token), operation, ct);
        }
        catch (Exception e) when (e is not DatabaseUnavailableException && DbFaults.IsUnavailable(e))
        {
            throw new DatabaseUnavailableException(DbFaults.IsReadOnly(e) ? "The database is read-only" : "The database is unreachable after retries", e);
        }
    }

    /// <summary>
    /// An idempotent write that is only a convenience (a last-used stamp): skipped while the database is read-only, so a
    /// failover window never turns a read into a 503 (ADR 0054); otherwise as <see cref="RunAsync{T}"/>.
    /// </summary>
    public async Task RunUnlessReadOnlyAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        try
        {
            await RunAsync(operation, ct);
        }
        catch (DatabaseUnavailableException e) when (DbFaults.IsReadOnly(e.InnerException!))
        {
            // skipped: the stamp is written again on the next use after the window
        }
    }

    /// <summary>Runs a non-idempotent write once; a transient fault still becomes <see cref="DatabaseUnavailableException"/>.</summary>
    public async Task<T> RunOnceAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        try
        {
            return await operation(ct);
        }
        catch (Exception e) when (e is not DatabaseUnavailableException && DbFaults.IsUnavailable(e))
        {
            throw new DatabaseUnavailableException(DbFaults.IsReadOnly(e) ? "The database is read-only" : "The database is unreachable", e);
        }
    }
}
