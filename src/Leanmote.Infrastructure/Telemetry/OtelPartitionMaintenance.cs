using Dapper;
using Leanmote.Application.Telemetry;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leanmote.Infrastructure.Telemetry;

/// <summary>
/// Keeps <c>otel_raw_payloads</c> partitioned (otel.md §7.1): creates the day partitions from yesterday to
/// <see cref="OtelOptions.PartitionsAheadDays"/> ahead, drops the days past <see cref="OtelOptions.RawRetentionDays"/>,
/// and sweeps payload digests older than the dedup window (§6.2). The SQL functions take an advisory lock, so
/// every API process runs this safely.
/// </summary>
public sealed class OtelPartitionMaintenance(NpgsqlDataSource db, DbRetry retry, IOptions<OtelOptions> options, TimeProvider clock)
{
    public sealed record Outcome(int PartitionsCreated, int PartitionsDropped, int DigestsDeleted);

    public Task<Outcome> RunOnceAsync(CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var o = options.Value;
            var now = clock.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            await using var conn = await db.OpenConnectionAsync(token);
            var created = 0;
            for (var d = -1; d <= Math.Max(1, o.PartitionsAheadDays); d++)
            {
                var day = today.AddDays(d).ToDateTime(TimeOnly.MinValue);
                if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                        "SELECT otel_raw_payloads_ensure_partition(@Day::date)", new { Day = day }, cancellationToken: token))) created++;
            }
            var retentionStart = today.AddDays(-Math.Max(1, o.RawRetentionDays)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var dropped = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT otel_raw_payloads_drop_expired(@Before)", new { Before = new DateTimeOffset(retentionStart) }, cancellationToken: token));
            var digests = await conn.ExecuteAsync(new CommandDefinition(
                "DELETE FROM otel_payload_digests WHERE received_at < @Before",
                new { Before = now.AddHours(-Math.Max(1, o.DigestRetentionHours)) }, cancellationToken: token));
            return new Outcome(created, dropped, digests);
        }, ct);
}

/// <summary>Runs <see cref="OtelPartitionMaintenance"/> shortly after start and then every <see cref="OtelOptions.MaintenanceIntervalMinutes"/> (a supervised loop, ADR 0053).</summary>
public sealed class OtelMaintenanceService(
    OtelPartitionMaintenance maintenance,
    IOptions<OtelOptions> options,
    TimeProvider clock,
    ILogger<OtelMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.MaintenanceIntervalMinutes));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10), clock, stoppingToken);   // let the migration service finish first
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await SupervisedLoop.RunAsync("OTLP raw payload maintenance", async ct =>
        {
            var outcome = await maintenance.RunOnceAsync(ct);
            logger.LogInformation("OTLP raw payload maintenance: {Created} partitions created, {Dropped} dropped, {Digests} digests swept",
                outcome.PartitionsCreated, outcome.PartitionsDropped, outcome.DigestsDeleted);
            return interval;
        }, logger, clock, stoppingToken);
    }
}
