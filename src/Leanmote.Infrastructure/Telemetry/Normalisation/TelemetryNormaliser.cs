using Dapper;
using Leanmote.Infrastructure.Telemetry.Otlp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>Tuning of the normalizer (configuration section <c>Otel:Normalizer</c>).</summary>
public sealed record TelemetryNormaliserOptions
{
    /// <summary>False stops this process from normalizing (payloads stay pending; another process may take them).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Concurrent claim loops in this process: one decodes while another writes (SKIP LOCKED keeps them apart).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Payloads claimed per transaction: 20 Claude-sized batches are ~10,000 records, which bounds the memory a claim holds.</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>After this many failed attempts a payload is marked failed and never retried.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Idle poll interval; a NOTIFY from the ingest path wakes the loop earlier.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int LogRetentionDays { get; init; } = 90;
    public int SpanRetentionDays { get; init; } = 90;
    public int PointRetentionDays { get; init; } = 400;
}

/// <summary>
/// One normalization pass (otel.md §7.2 step 2): claims up to <see cref="TelemetryNormaliserOptions.BatchSize"/>
/// pending payloads oldest first with FOR UPDATE SKIP LOCKED (so any number of processes share the queue), and in
/// that one transaction writes each payload's rows and facts under its own savepoint, then marks it normalized.
/// A payload whose decoding or writing fails counts an attempt (failed after the third) without blocking the
/// others; a deadlock or serialization failure counts nothing and the payload is simply taken again.
/// </summary>
public sealed class NormaliserEngine(NpgsqlDataSource db, NormalisationWriter writer, TelemetryNormaliserOptions options, ILogger<NormaliserEngine> logger)
{
    internal sealed record Claimed(long OrganizationId, long Id, DateTime ReceivedAt, string Signal, string Encoding, byte[] Payload, int Attempts);

    /// <summary>Normalizes one batch; returns how many payloads it settled (normalized or failed).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var claimed = (await conn.QueryAsync<Claimed>(new CommandDefinition("""
            SELECT organization_id AS OrganizationId, id AS Id, received_at AS ReceivedAt, signal AS Signal, encoding AS Encoding,
                   payload AS Payload, attempts AS Attempts
            FROM otel_raw_payloads
            WHERE status = 'pending'
            ORDER BY id
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED
            """, new { Limit = options.BatchSize }, tx, cancellationToken: ct))).ToList();
        if (claimed.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }

        var done = new List<Claimed>();
        var failed = new List<(Claimed Payload, string Error)>();
        var decoded = new List<(Claimed Payload, NormalisedBatch Batch)>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var payload in claimed)
        {
            try
            {
                decoded.Add((payload, StoredPayloadDecoder.Decode(payload.Signal, payload.Encoding, payload.Payload, Utc(payload.ReceivedAt)).From(payload.Id)));
            }
            catch (OtlpDecodeException e)
            {
                failed.Add((payload, "decode: " + e.Message));
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // a mapping bug must cost this payload an attempt, not stall the queue
                failed.Add((payload, "map: " + e.GetType().Name + ": " + e.Message));
            }
        }
        var decodeTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var items = decoded.Sum(d => d.Batch.Logs.Count + d.Batch.Points.Count + d.Batch.Spans.Count);

        // One organization's payloads are written together, one statement per table; if that fails for a reason
        // that is not transient, each payload is retried alone under its own savepoint to find the culprit.
        foreach (var group in decoded.GroupBy(d => d.Payload.OrganizationId))
        {
            var merged = new NormalisedBatch();
            foreach (var (_, batch) in group) merged.Absorb(batch);
            var receivedAt = Utc(group.Max(d => d.Payload.ReceivedAt));
            var outcome = await TryWriteAsync(conn, tx, group.Key, receivedAt, merged, ct);
            if (outcome is null)
            {
                done.AddRange(group.Select(d => d.Payload));
                continue;
            }
            if (outcome == Deadlocked) continue;
            foreach (var (payload, batch) in group)
            {
                var single = await TryWriteAsync(conn, tx, payload.OrganizationId, Utc(payload.ReceivedAt), batch, ct);
                if (single is null) done.Add(payload);
                else if (single != Deadlocked) failed.Add((payload, single));
            }
        }

        if (done.Count > 0)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE otel_raw_payloads p
                SET status = 'normalized', normalized_at = clock_timestamp(), attempts = p.attempts + 1, error = NULL
                FROM unnest(@Orgs, @Ids, @Received) AS t(o, i, r)
                WHERE p.organization_id = t.o AND p.id = t.i AND p.received_at = t.r
                """, new
            {
                Orgs = done.Select(d => d.OrganizationId).ToArray(),
                Ids = done.Select(d => d.Id).ToArray(),
                Received = done.Select(d => Utc(d.ReceivedAt)).ToArray(),
            }, tx, cancellationToken: ct));
        }
        foreach (var (payload, error) in failed)
        {
            var attempts = payload.Attempts + 1;
            var final = attempts >= options.MaxAttempts;
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE otel_raw_payloads SET attempts = @Attempts, error = @Error, status = CASE WHEN @Final THEN 'failed' ELSE status END
                WHERE organization_id = @Org AND id = @Id AND received_at = @Received
                """, new
            {
                Attempts = attempts,
                Error = error.Length > 1024 ? error[..1024] : error,
                Final = final,
                Org = payload.OrganizationId,
                payload.Id,
                Received = DateTime.SpecifyKind(payload.ReceivedAt, DateTimeKind.Utc),
            }, tx, cancellationToken: ct));
            if (final) logger.LogError("Telemetry payload {PayloadId} failed to normalize {Attempts} times and is marked failed: {Error}", payload.Id, attempts, error);
            else logger.LogWarning("Telemetry payload {PayloadId} failed to normalize (attempt {Attempts}): {Error}", payload.Id, attempts, error);
        }
        await tx.CommitAsync(ct);
        logger.LogDebug("Normalized {Payloads} payloads ({Items} items) in {TotalMs} ms, of which decoding {DecodeMs} ms",
            done.Count, items, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, (long)decodeTime.TotalMilliseconds);
        return done.Count + failed.Count;
    }

    private const string Deadlocked = "deadlock";

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <summary>Writes under a savepoint: null on success, <see cref="Deadlocked"/> when it should simply be retried later, else the error.</summary>
    private async Task<string?> TryWriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long organizationId, DateTime receivedAt, NormalisedBatch batch,
        CancellationToken ct)
    {
        await tx.SaveAsync("payloads", ct);
        try
        {
            await writer.WriteAsync(conn, tx, organizationId, receivedAt, batch, ct);
            await tx.ReleaseAsync("payloads", ct);
            return null;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            await tx.RollbackAsync("payloads", ct);
            logger.LogDebug("Organization {OrganizationId}: {SqlState}; its payloads stay pending and are taken again", organizationId, e.SqlState);
            return Deadlocked;
        }
        catch (PostgresException e) when (!e.IsTransient)
        {
            await tx.RollbackAsync("payloads", ct);
            return $"write: {e.SqlState} {e.MessageText}";
        }
    }

    /// <summary>Creates partitions ahead and drops expired ones (otel.md §7.3 retention).</summary>
    public async Task MaintainAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT otel_ensure_partitions(3)", cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("SELECT otel_apply_retention(@Logs, @Spans, @Points)",
            new { Logs = options.LogRetentionDays, Spans = options.SpanRetentionDays, Points = options.PointRetentionDays }, cancellationToken: ct));
    }
}

/// <summary>
/// The hosted normalizer of every API process: drains the queue while there is work, then sleeps until a
/// NOTIFY on <c>leanmote_otel_pending</c> (sent at commit by a trigger on otel_raw_payloads) or the poll interval.
/// Runs partition maintenance at start and hourly.
/// </summary>
public sealed class TelemetryNormaliser(NpgsqlDataSource db, NormaliserEngine engine, TelemetryNormaliserOptions options, TimeProvider clock,
    ILogger<TelemetryNormaliser> logger) : BackgroundService
{
    public const string Channel = "leanmote_otel_pending";
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        await Task.Yield();
        _ = ListenAsync(stoppingToken);
        var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkAsync(stoppingToken)).ToList();
        workers.Add(MaintenanceLoopAsync(stoppingToken));
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var settled = await engine.RunOnceAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                if (settled > 0) continue;
                await _wake.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // Database down, or the schema not migrated yet (42P01): back off and try again; payloads stay pending.
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                logger.Log(e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedFunction } ? LogLevel.Debug : LogLevel.Warning,
                    "Telemetry normalizer: {Message}; retrying in {Seconds} s", e.Message, backoff.TotalSeconds);
                if (!await DelayAsync(backoff, stoppingToken)) break;
            }
        }
    }

    /// <summary>At start and hourly; after a failure (database down, schema not migrated yet) again in 30 seconds.</summary>
    private async Task MaintenanceLoopAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            bool succeeded;
            try
            {
                await engine.MaintainAsync(stoppingToken);
                succeeded = true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogDebug("Telemetry partition maintenance failed ({Message}); next try in 30 s", e.Message);
                succeeded = false;
            }
            if (!await DelayAsync(succeeded ? MaintenanceInterval : TimeSpan.FromSeconds(30), stoppingToken)) return;
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, clock, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                conn.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }
                while (true) await conn.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Wakes the idle workers (at most one permit each, so a burst of notifications does not pile up).</summary>
    private void Wake()
    {
        var missing = Math.Max(1, options.Workers) - _wake.CurrentCount;
        if (missing > 0) _wake.Release(missing);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
