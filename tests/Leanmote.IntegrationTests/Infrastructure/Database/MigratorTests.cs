using System.Security.Cryptography;
using System.Text;
using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Leanmote.IntegrationTests.Support;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Database;

/// <summary>Migrations apply once, safely twice and from several processes at once; the schema keeps the shard rule.</summary>
[NonParallelizable]
public sealed class MigratorTests
{
    private static string ConnectionString => TestDatabase.ConnectionString("migrator", pooling: false);

    [SetUp]
    public Task DropDatabaseAsync() => TestDatabase.DropAsync("migrator");

    private static async Task<int> MigrateAsync()
    {
        await Migrator.EnsureDatabaseExistsAsync(ConnectionString, CancellationToken.None);
        await using var db = NpgsqlDataSource.Create(ConnectionString);
        return await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    private static async Task<List<(int Version, long Count)>> RecordedAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT version, count(*) FROM schema_version GROUP BY version ORDER BY version", conn);
        await using var rows = await read.ExecuteReaderAsync();
        var result = new List<(int, long)>();
        while (await rows.ReadAsync()) result.Add((rows.GetInt32(0), rows.GetInt64(1)));
        return result;
    }

    [Test]
    public async Task Migrate_Twice_AppliesEverythingOnceThenNothing()
    {
        var embedded = Migrator.Embedded();
        Assert.That(await MigrateAsync(), Is.EqualTo(embedded.Count));
        Assert.That(await MigrateAsync(), Is.Zero);
        Assert.That(await RecordedAsync(), Is.EqualTo(embedded.Select(m => (m.Version, 1L))));
    }

    [Test]
    public async Task Migrate_FiveProcessesAtOnceOnANewDatabase_RecordsEachVersionOnce()
    {
        var applied = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(MigrateAsync)));
        Assert.That(applied.Sum(), Is.EqualTo(Migrator.Embedded().Count), "exactly one migrator applied each migration");
        Assert.That((await RecordedAsync()).All(r => r.Count == 1), Is.True);
    }

    [Test]
    public async Task Migrate_AChangedMigration_IsRefused()
    {
        await MigrateAsync();
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE schema_version SET checksum = 'edited' WHERE version = 1", conn);
            await tamper.ExecuteNonQueryAsync();
        }
        Assert.That(async () => await MigrateAsync(), Throws.InvalidOperationException.With.Message.Contains("changed after it was applied"));
    }

    [Test]
    public async Task Schema_TenantTables_FollowTheShardRule()
    {
        await MigrateAsync();
        await using var stream = typeof(Migrator).Assembly.GetManifestResourceStream("Leanmote.Database.shard-rule-check.sql")!;
        var sql = await new StreamReader(stream).ReadToEndAsync();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var check = new NpgsqlCommand(sql, conn);
        await using var rows = await check.ExecuteReaderAsync();
        var violations = new List<string>();
        while (await rows.ReadAsync())
        {
            violations.Add(string.Join(" | ", Enumerable.Range(0, rows.FieldCount).Select(i => rows.GetValue(i).ToString())));
        }
        Assert.That(violations, Is.Empty);
    }

    [Test]
    public async Task Schema_ShardRuleCheck_CatchesAViolation()
    {
        await MigrateAsync();
        await using var stream = typeof(Migrator).Assembly.GetManifestResourceStream("Leanmote.Database.shard-rule-check.sql")!;
        var sql = await new StreamReader(stream).ReadToEndAsync();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using (var bad = new NpgsqlCommand("CREATE TABLE bad_tenant (id bigint PRIMARY KEY, organization_id bigint NOT NULL)", conn))
        {
            await bad.ExecuteNonQueryAsync();
        }
        await using var check = new NpgsqlCommand(sql, conn);
        await using var rows = await check.ExecuteReaderAsync();
        Assert.That(await rows.ReadAsync(), Is.True, "a tenant table keyed by id alone must be reported");
    }
}
