using Dapper;
using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Core;

[TestFixture]
public sealed class MigratorTests : DatabaseTest
{
    private readonly List<string> _created = [];

    private async Task<string> FreshDatabaseAsync(string suffix)
    {
        var name = CoreDatabase.DatabaseName + "_" + suffix;
        await CoreDatabase.DropAsync(name);
        _created.Add(name);
        return new NpgsqlConnectionStringBuilder(CoreDatabase.Server) { Database = name }.ConnectionString;
    }

    [TearDown]
    public async Task DropCreatedAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var name in _created) await CoreDatabase.DropAsync(name);
        _created.Clear();
    }

    [Test]
    public async Task MigrateAsync_SecondRun_AppliesNothing()
    {
        var applied = await new Migrator(Db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        var recorded = await Given.ScalarAsync<long>("SELECT count(*) FROM schema_version");
        Assert.That((applied, recorded), Is.EqualTo((0, (long)Migrator.Embedded().Count)));
    }

    [Test]
    public void Embedded_Migrations_AreOrderedAndNumberedUniquely()
    {
        var versions = Migrator.Embedded().Select(m => m.Version).ToList();
        Assert.That(versions, Is.Not.Empty.And.Ordered.And.Unique);
    }

    [Test]
    public async Task MigrateAsync_FiveConcurrentOnNewDatabase_SucceedAndRecordEachVersionOnce()
    {
        var connectionString = await FreshDatabaseAsync("concurrent");
        await Migrator.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None);
        var sources = Enumerable.Range(0, 5).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var applied = await Task.WhenAll(sources.Select(s => Task.Run(() => new Migrator(s, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None))));
            await using var conn = await sources[0].OpenConnectionAsync();
            var versions = (await conn.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version")).ToList();
            Assert.That(applied.Sum(), Is.EqualTo(Migrator.Embedded().Count));
            Assert.That(applied.Count(a => a > 0), Is.EqualTo(1));
            Assert.That(versions, Is.EqualTo(Migrator.Embedded().Select(m => m.Version)));
        }
        finally
        {
            foreach (var s in sources) await s.DisposeAsync();
        }
    }

    [Test]
    public async Task EnsureDatabaseExistsAsync_Concurrently_CreatesItOnce()
    {
        var connectionString = await FreshDatabaseAsync("ensure");
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Migrator.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None)));
        var exists = await Given.ScalarAsync<long>("SELECT count(*) FROM pg_database WHERE datname = @Name",
            new { Name = new NpgsqlConnectionStringBuilder(connectionString).Database });
        Assert.That(exists, Is.EqualTo(1));
    }

    [Test]
    public async Task MigrateAsync_ChangedChecksum_IsRefused()
    {
        var connectionString = await FreshDatabaseAsync("checksum");
        await Migrator.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None);
        await using var source = NpgsqlDataSource.Create(connectionString);
        var migrator = new Migrator(source, NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        await using (var conn = await source.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("UPDATE schema_version SET checksum = 'tampered' WHERE version = (SELECT min(version) FROM schema_version)");
        }
        Assert.That(async () => await migrator.MigrateAsync(CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("was changed after it was applied"));
    }
}

[TestFixture]
public sealed class ShardRuleTests : DatabaseTest
{
    [Test]
    public async Task ShardRuleCheck_MigratedSchema_ReportsNoViolation()
    {
        var assembly = typeof(Migrator).Assembly;
        await using var stream = assembly.GetManifestResourceStream("Leanmote.Database.shard-rule-check.sql");
        Assert.That(stream, Is.Not.Null, "the shard rule check must be embedded");
        using var reader = new StreamReader(stream!);
        var sql = await reader.ReadToEndAsync();
        await using var conn = await Db.OpenConnectionAsync();
        var violations = (await conn.QueryAsync<(string Schema, string Table, string Problem, string Detail)>(sql))
            .Select(v => $"{v.Table}: {v.Problem} ({v.Detail})").ToList();
        Assert.That(violations, Is.Empty);
    }

    [Test]
    public async Task ShardRuleCheck_TableBreakingTheRule_IsReported()
    {
        var assembly = typeof(Migrator).Assembly;
        await using var stream = assembly.GetManifestResourceStream("Leanmote.Database.shard-rule-check.sql");
        using var reader = new StreamReader(stream!);
        var sql = await reader.ReadToEndAsync();
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("CREATE TABLE shard_probe (id bigint PRIMARY KEY, organization_id bigint NOT NULL)", transaction: tx);
        var tables = (await conn.QueryAsync<(string Schema, string Table, string Problem, string Detail)>(sql, transaction: tx)).Select(v => v.Table).ToList();
        await tx.RollbackAsync();
        Assert.That(tables, Is.Not.Empty.And.All.EqualTo("shard_probe"));
    }
}
