using Dapper;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Hosting;
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

    /// <summary>
    /// And at most this many payload bytes per claim (the first payload is always taken, whatever its size), so a claim
    /// of twenty 10 MiB payloads does not hold 200 MiB (issue 10). Payloads past the cut stay pending for the next claim.
    /// </summary>
    public long MaxBatchBytes { get; init; } = 16 * 1024 * 1024;

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

    /// <summary>Claims of one payload left to take after a batch failed as a whole (so the culprit fails alone).</summary>
    private int _isolate;

    /// <summary>
    /// Normalizes one batch; returns how many payloads it claimed (0: the queue is empty). A failure of the batch as a
    /// whole that is not the database being unavailable never escapes: the next claims take one payload each, and a
    /// payload that fails alone has its attempt counted in a transaction of its own (failed after the last attempt),
    /// so no payload can hold the queue behind it (ADR 0050).
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var isolated = TakeIsolatedClaim();
        var claimed = new List<Claimed>();
        try
        {
            return await RunBatchAsync(isolated ? 1 : options.BatchSize, claimed, ct);
        }
        catch (Exception e) when (claimed.Count > 0 && e is not OperationCanceledException && !DbFaults.IsUnavailable(e))
        {
            if (claimed.Count > 1)
            {
                Interlocked.Exchange(ref _isolate, claimed.Count);
                logger.LogWarning(e, "Telemetry normalizer: a batch of {Payloads} payloads failed as a whole; taking them one by one", claimed.Count);
                return claimed.Count;
            }
            await CountFailedAttemptAsync(claimed[0], "batch: " + e.GetType().Name + ": " + e.Message, ct);
            return 1;
        }
    }

    private bool TakeIsolatedClaim()
    {
        while (true)
        {
            var left = Volatile.Read(ref _isolate);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _isolate, left - 1, left) == left) return true;
        }
    }

    /// <summary>Counts one failed attempt outside the rolled-back transaction; marks the payload failed after the last one.</summary>
    private async Task CountFailedAttemptAsync(Claimed payload, string error, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var attempts = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            UPDATE otel_raw_payloads
            SET attempts = attempts + 1, error = @Error, status = CASE WHEN attempts + 1 >= @Max THEN 'failed' ELSE status END
            WHERE organization_id = @Org AND id = @Id AND received_at = @Received AND status = 'pending'
            RETURNING attempts
            """, new
        {
            Error = error.Length > 1024 ? error[..1024] : error,
            Max = options.MaxAttempts,
            Org = payload.OrganizationId,
            payload.Id,
            Received = Utc(payload.ReceivedAt),
        }, cancellationToken: ct));
        LogFailure(payload.Id, attempts, error);
    }

    private void LogFailure(long payloadId, int attempts, string error)
    {
        if (attempts >= options.MaxAttempts)
            logger.LogError("Telemetry payload {PayloadId} failed to normalize {Attempts} times and is marked failed: {Error}", payloadId, attempts, error);
        else logger.LogWarning("Telemetry payload {PayloadId} failed to normalize (attempt {Attempts}): {Error}", payloadId, attempts, error);
    }

    private async Task<int> RunBatchAsync(int limit, List<Claimed> claimed, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Lock up to @Limit pending rows (ids and sizes only), then read the payloads of the oldest that fit in
        // @MaxBytes; the rest stay locked only until this transaction ends and are simply taken by the next claim.
        claimed.AddRange(await conn.QueryAsync<Claimed>(new CommandDefinition("""
            WITH locked AS (
                SELECT organization_id, id, received_at, body_bytes
                FROM otel_raw_payloads
                WHERE status = 'pending'
                ORDER BY id
                LIMIT @Limit
                FOR UPDATE SKIP LOCKED),
            sized AS (
                SELECT organization_id, id, received_at, sum(body_bytes) OVER (ORDER BY id) - body_bytes AS bytes_before FROM locked)
            SELECT p.organization_id AS OrganizationId, p.id AS Id, p.received_at AS ReceivedAt, p.signal AS Signal, p.encoding AS Encoding,
                   p.payload AS Payload, p.attempts AS Attempts
            FROM sized s
            JOIN otel_raw_payloads p ON p.organization_id = s.organization_id AND p.id = s.id AND p.received_at = s.received_at
            WHERE s.bytes_before = 0 OR s.bytes_before < @MaxBytes
            ORDER BY p.id
            """, new { Limit = limit, MaxBytes = options.MaxBatchBytes }, tx, cancellationToken: ct)));
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
                if (single is not null && IsUnstorableText(single))
                {
                    // a NUL in some string: store the payload with U+FFFD in its place rather than lose all of it (ADR 0051)
                    var clean = StoredPayloadDecoder.Decode(payload.Signal, payload.Encoding, payload.Payload, Utc(payload.ReceivedAt), replaceNul: true)
                        .From(payload.Id);
                    single = await TryWriteAsync(conn, tx, payload.OrganizationId, Utc(payload.ReceivedAt), clean, ct);
                }
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
        }
        await tx.CommitAsync(ct);
        foreach (var (payload, error) in failed) LogFailure(payload.Id, payload.Attempts + 1, error);
        logger.LogDebug("Normalized {Payloads} payloads ({Items} items) in {TotalMs} ms, of which decoding {DecodeMs} ms",
            done.Count, items, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, (long)decodeTime.TotalMilliseconds);
        return claimed.Count;
    }

    private const string Deadlocked = "deadlock";

    /// <summary>PostgreSQL refused a NUL in text (22021) or in jsonb (22P05).</summary>
    private static bool IsUnstorableText(string error) =>
        error.StartsWith("write: " + PostgresErrorCodes.CharacterNotInRepertoire, StringComparison.Ordinal)
        || error.StartsWith("write: " + PostgresErrorCodes.UntranslatableCharacter, StringComparison.Ordinal);

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
        catch (PostgresException e) when (!DbFaults.IsUnavailable(e))
        {
            await tx.RollbackAsync("payloads", ct);
            return $"write: {e.SqlState} {e.MessageText}";
        }
        catch (Exception e) when (e is not OperationCanceledException and not NpgsqlException and not OutOfMemoryException)
        {
            // a bug or a value the writer cannot convert costs these payloads an attempt, never the queue
            await tx.RollbackAsync("payloads", ct);
            return "write: " + e.GetType().Name + ": " + e.Message;
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
        var loops = Enumerable.Range(0, Math.Max(1, options.Workers))
            .Select(i => SupervisedLoop.RunAsync($"telemetry normalizer {i + 1}", WorkAsync, logger, clock, stoppingToken))
            .Append(SupervisedLoop.RunAsync("telemetry partition maintenance", async ct =>
            {
                await engine.MaintainAsync(ct);
                return MaintenanceInterval;
            }, logger, clock, stoppingToken))
            .Append(SupervisedLoop.RunAsync("telemetry wake-up listener", ListenAsync, logger, clock, stoppingToken));
        await Task.WhenAll(loops);
    }

    /// <summary>Drains the queue while there is work, then waits for a NOTIFY or the poll interval.</summary>
    private async Task<TimeSpan> WorkAsync(CancellationToken ct)
    {
        if (await engine.RunOnceAsync(ct) == 0) await _wake.WaitAsync(options.PollInterval, ct);
        return TimeSpan.Zero;
    }

    /// <summary>Listens until the connection is lost (the supervising loop then backs off and listens again).</summary>
    private async Task<TimeSpan> ListenAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        conn.Notification += (_, _) => Wake();
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }
        while (true) await conn.WaitAsync(ct);
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
