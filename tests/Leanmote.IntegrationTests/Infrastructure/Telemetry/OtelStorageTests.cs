using System.Security.Cryptography;
using System.Text;
using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Telemetry;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Telemetry;
using Leanmote.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Telemetry;

/// <summary>The ingest storage on real PostgreSQL: raw payload + digest in one statement, partitions, retention, backlog.</summary>
[TestFixture]
[NonParallelizable]
public sealed class OtelStorageTests
{
    private NpgsqlDataSource _db = null!;
    private readonly DbRetry _retry = new(NullLogger<DbRetry>.Instance);
    private long _organization, _token;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _db = await TestDatabase.CreateMigratedAsync("otel");

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [SetUp]
    public async Task SeedAsync()
    {
        await using var conn = await _db.OpenConnectionAsync();
        await conn.ExecuteAsync("TRUNCATE otel_raw_payloads, otel_payload_digests, ingest_tokens, organizations CASCADE");
        // Tests that move the clock years ahead drop "expired" days, today's included; put them back, drop the far ones.
        await conn.ExecuteAsync("SELECT otel_raw_payloads_ensure_partition((now() AT TIME ZONE 'UTC')::date + d) FROM generate_series(-1, 3) d");
        foreach (var far in await conn.QueryAsync<string>("SELECT relname FROM pg_class WHERE relname ~ '^otel_raw_payloads_20(3[0-9])[0-9]{4}$' AND relkind = 'r'"))
            await conn.ExecuteAsync($"DROP TABLE \"{far}\"");
        _organization = await conn.ExecuteScalarAsync<long>("INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme') RETURNING id");
        _token = await conn.ExecuteScalarAsync<long>(
            "INSERT INTO ingest_tokens (organization_id, name, token_hash, token_preview) VALUES (@o, 'fleet', 'hash-1', 'lmi_abcd') RETURNING id", new { o = _organization });
    }

    private RawPayload Payload(string body, string signal = "logs", DateTimeOffset? at = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new RawPayload(_organization, _token, "req-" + Guid.NewGuid().ToString("N"), signal, "json", "gzip", 10, bytes, SHA256.HashData(bytes),
            3, 1, "1 of 3 log records rejected", "test-agent", at ?? DateTimeOffset.UtcNow);
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await _db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Test]
    public async Task Store_WritesAPendingRowAndItsDigest_InOneStatement()
    {
        var store = new OtelPayloadStore(_db, _retry);
        var payload = Payload("{\"a\":1}");

        var id = await store.StoreAsync(payload, CancellationToken.None);

        Assert.That(id, Is.Not.Null);
        await using var conn = await _db.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync("SELECT * FROM otel_raw_payloads WHERE id = @id", new { id });
        Assert.Multiple(async () =>
        {
            Assert.That((string)row.status, Is.EqualTo("pending"));
            Assert.That((byte[])row.payload, Is.EqualTo(payload.Body.ToArray()));
            Assert.That((long)row.body_bytes, Is.EqualTo(payload.Body.Length));
            Assert.That((long)row.wire_bytes, Is.EqualTo(10));
            Assert.That((int)row.item_count, Is.EqualTo(3));
            Assert.That((int)row.rejected_count, Is.EqualTo(1));
            Assert.That((string)row.warning, Is.EqualTo("1 of 3 log records rejected"));
            Assert.That((string)row.content_encoding, Is.EqualTo("gzip"));
            Assert.That((int)row.attempts, Is.Zero);
            Assert.That(await conn.ExecuteScalarAsync<long>("SELECT payload_id FROM otel_payload_digests WHERE payload_sha256 = @h", new { h = payload.Sha256 }), Is.EqualTo(id));
        });
    }

    [Test]
    public async Task Store_SameBodyAgain_IsADuplicate_OtherSignalOrOrganizationIsNot()
    {
        var store = new OtelPayloadStore(_db, _retry);
        var other = await ScalarAsync<long>("INSERT INTO organizations (name, slug) VALUES ('Globex', 'globex') RETURNING id");
        var otherToken = await ScalarAsync<long>("INSERT INTO ingest_tokens (organization_id, name, token_hash, token_preview) VALUES (@o, 't', 'hash-2', 'lmi_efgh') RETURNING id", new { o = other });

        var first = await store.StoreAsync(Payload("{\"same\":true}"), CancellationToken.None);
        var again = await store.StoreAsync(Payload("{\"same\":true}"), CancellationToken.None);
        var metrics = await store.StoreAsync(Payload("{\"same\":true}", "metrics"), CancellationToken.None);
        var globex = await store.StoreAsync(Payload("{\"same\":true}") with { OrganizationId = other, IngestTokenId = otherToken }, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.Not.Null);
            Assert.That(again, Is.Null, "a resend is not stored twice");
            Assert.That(metrics, Is.Not.Null);
            Assert.That(globex, Is.Not.Null);
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM otel_raw_payloads"), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Store_ConcurrentCopies_StoreExactlyOne()
    {
        var store = new OtelPayloadStore(_db, _retry);
        var payload = Payload("{\"race\":1}");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.StoreAsync(payload with { RequestId = Guid.NewGuid().ToString() }, CancellationToken.None)));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM otel_raw_payloads"), Is.EqualTo(1));
    }

    [Test]
    public async Task Rows_LandInTheirDaysPartition_UnknownDaysInTheDefault()
    {
        var store = new OtelPayloadStore(_db, _retry);
        var farFuture = new DateTimeOffset(2031, 5, 17, 23, 30, 0, TimeSpan.Zero);

        await store.StoreAsync(Payload("{\"today\":1}"), CancellationToken.None);
        await store.StoreAsync(Payload("{\"later\":1}", at: farFuture), CancellationToken.None);

        var today = "otel_raw_payloads_" + DateTimeOffset.UtcNow.ToString("yyyyMMdd");
        Assert.Multiple(async () =>
        {
            Assert.That(await ScalarAsync<string>("SELECT tableoid::regclass::text FROM otel_raw_payloads WHERE payload = @p", new { p = Encoding.UTF8.GetBytes("{\"today\":1}") }), Is.EqualTo(today));
            Assert.That(await ScalarAsync<string>("SELECT tableoid::regclass::text FROM otel_raw_payloads WHERE payload = @p", new { p = Encoding.UTF8.GetBytes("{\"later\":1}") }), Is.EqualTo("otel_raw_payloads_default"));
        });

        // Creating that day's partition moves its rows out of the default partition.
        Assert.That(await ScalarAsync<bool>("SELECT otel_raw_payloads_ensure_partition('2031-05-17')"), Is.True);
        Assert.That(await ScalarAsync<string>("SELECT tableoid::regclass::text FROM otel_raw_payloads WHERE payload = @p", new { p = Encoding.UTF8.GetBytes("{\"later\":1}") }), Is.EqualTo("otel_raw_payloads_20310517"));
        Assert.That(await ScalarAsync<bool>("SELECT otel_raw_payloads_ensure_partition('2031-05-17')"), Is.False, "idempotent");
    }

    [Test]
    public async Task Maintenance_CreatesDaysAhead_DropsExpiredDays_SweepsOldDigests()
    {
        var clock = new ManualClock(new DateTimeOffset(2030, 3, 10, 12, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new OtelOptions { RawRetentionDays = 30, PartitionsAheadDays = 3, DigestRetentionHours = 48 });
        var maintenance = new OtelPartitionMaintenance(_db, _retry, options, clock);
        var store = new OtelPayloadStore(_db, _retry);

        var first = await maintenance.RunOnceAsync(CancellationToken.None);
        await store.StoreAsync(Payload("{\"old\":1}", at: clock.GetUtcNow()), CancellationToken.None);
        await ScalarAsync<int>("UPDATE otel_payload_digests SET received_at = @at RETURNING 1", new { at = clock.GetUtcNow() });
        async Task<string[]> Days() => (await (await _db.OpenConnectionAsync()).QueryAsync<string>(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'otel_raw_payloads'::regclass AND c.relname LIKE 'otel_raw_payloads_2030%' ORDER BY 1")).ToArray();

        Assert.That(first.PartitionsCreated, Is.EqualTo(5), "yesterday, today and three days ahead");
        Assert.That(await Days(), Is.EqualTo(new[] { "otel_raw_payloads_20300309", "otel_raw_payloads_20300310", "otel_raw_payloads_20300311", "otel_raw_payloads_20300312", "otel_raw_payloads_20300313" }));

        clock.Advance(TimeSpan.FromDays(40));
        var later = await maintenance.RunOnceAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(later.PartitionsDropped, Is.EqualTo(5), "every 2030-03-09..13 day is older than 30 days on 2030-04-19");
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM otel_raw_payloads"), Is.Zero, "dropped with its partition");
            Assert.That(later.DigestsDeleted, Is.EqualTo(1));
            Assert.That((await Days()).First(), Is.EqualTo("otel_raw_payloads_20300418"));
        });
    }

    [Test]
    public async Task Backlog_CountsPendingPayloads_AgainstBothCaps()
    {
        var store = new OtelPayloadStore(_db, _retry);
        for (var i = 0; i < 3; i++) await store.StoreAsync(Payload("{\"n\":" + i + "}"), CancellationToken.None);
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        var byCount = new OtelBacklog(_db, _retry, Options.Create(new OtelOptions { MaxPendingPayloads = 3 }), clock);
        var byBytes = new OtelBacklog(_db, _retry, Options.Create(new OtelOptions { MaxPendingBytes = 1000 }), clock);
        var under = new OtelBacklog(_db, _retry, Options.Create(new OtelOptions { MaxPendingPayloads = 4 }), clock);

        Assert.Multiple(async () =>
        {
            Assert.That(await byCount.IsOverCapAsync(CancellationToken.None), Is.True);
            Assert.That(await byBytes.IsOverCapAsync(CancellationToken.None), Is.False);
            Assert.That(await under.IsOverCapAsync(CancellationToken.None), Is.False);
        });

        await ScalarAsync<int>("UPDATE otel_raw_payloads SET status = 'normalized' RETURNING 1");
        Assert.That(await byCount.IsOverCapAsync(CancellationToken.None), Is.True, "counted at most once a second");
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(await byCount.IsOverCapAsync(CancellationToken.None), Is.False, "normalized payloads are not backlog");
    }

    [Test]
    public async Task IngestTokens_CreateFindListDeactivateTouch()
    {
        var store = new IngestTokenStore(_db, _retry, new IngestTokenEntries());
        var user = await ScalarAsync<long>("INSERT INTO users (name, email) VALUES ('Alice', 'alice@example.com') RETURNING id");

        var created = await store.CreateAsync(_organization, "CI", "hash-ci", "lmi_wxyz", ["logs", "traces"], null, new UserId(user), CancellationToken.None);
        var found = await store.FindByHashAsync("hash-ci", CancellationToken.None);
        var (rows, total) = await store.ListAsync(_organization, QueryOptions.Unset, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(created.AllowedSignals, Is.EqualTo(new[] { "logs", "traces" }));
            Assert.That(found!.OrganizationId, Is.EqualTo(_organization));
            Assert.That(found.Allows(OtelSignal.Traces), Is.True);
            Assert.That(found.Allows(OtelSignal.Metrics), Is.False);
            Assert.That(total, Is.EqualTo(2));
            Assert.That(rows.Select(r => r.Name), Does.Contain("CI"));
        });

        var now = DateTimeOffset.UtcNow;
        await store.TouchAsync(_organization, created.Id.Value, now, now.AddMinutes(-1), CancellationToken.None);
        await store.TouchAsync(_organization, created.Id.Value, now.AddSeconds(30), now.AddSeconds(-30), CancellationToken.None);
        Assert.That(await store.DeactivateAsync(_organization, created.Id, CancellationToken.None), Is.True);
        Assert.That(await store.DeactivateAsync(_organization + 1, created.Id, CancellationToken.None), Is.False, "another organization's token");

        var after = await store.FindByHashAsync("hash-ci", CancellationToken.None);
        Assert.That(after!.IsActive, Is.False);
        Assert.That(after.LastUsedAt!.Value, Is.EqualTo(now).Within(TimeSpan.FromMilliseconds(1)), "written at most once a minute");
        Assert.That(await store.HashExistsAsync("hash-ci", CancellationToken.None), Is.True);
        Assert.That(await store.HashExistsAsync("nope", CancellationToken.None), Is.False);
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
