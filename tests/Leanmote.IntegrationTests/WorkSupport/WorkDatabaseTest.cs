using System.Security.Cryptography;
using System.Text;
using Leanmote.Application.Common.Querying;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Leanmote.IntegrationTests.Support;
using NUnit.Framework;
using Respawn;
using Respawn.Graph;

namespace Leanmote.IntegrationTests.WorkSupport;

/// <summary>
/// Base of the Work/Calendar/Interactions/Dashboards reader tests: its own database
/// (<c>leanmote_it_work_&lt;8 hex&gt;</c>), migrated with the real migrator and emptied once per fixture, then
/// seeded by the fixture with plain SQL. The readers only read, so tests of one fixture share its rows.
/// </summary>
public abstract class WorkDatabaseTest
{
    protected NpgsqlDataSource Db { get; private set; } = null!;
    protected DbRetry Retry { get; private set; } = null!;
    protected Seed Given { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync("work");
        await using (var conn = await Db.OpenConnectionAsync())
        {
            var respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
            {
                DbAdapter = DbAdapter.Postgres,
                SchemasToInclude = ["public"],
                TablesToIgnore = [new Table("schema_version")],
            });
            await respawner.ResetAsync(conn);
        }
        Retry = new DbRetry(NullLogger<DbRetry>.Instance);
        Given = new Seed(Db);
        await SeedAsync();
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await Db.DisposeAsync();

    protected abstract Task SeedAsync();

    /// <summary>Parses list parameters exactly as the pipeline would.</summary>
    protected static QueryOptions Options(QuerySpec spec, params (string Key, string Value)[] parameters)
    {
        var parsed = QueryOptionsParser.Parse(spec, QueryParameters.Of(parameters));
        Assert.That(parsed.IsSuccess, Is.True, () => parsed.Error?.Message ?? "");
        return parsed.Value;
    }

    protected static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
}
