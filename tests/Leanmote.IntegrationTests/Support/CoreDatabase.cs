using System.Security.Cryptography;
using System.Text;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;
using Respawn;

namespace Leanmote.IntegrationTests.Core;

/// <summary>
/// Creates (after dropping) the core fixtures' database once per run directory, migrates it with the real
/// <see cref="Migrator"/> and builds the Respawner. Lives in this namespace so it only wraps the core fixtures.
/// </summary>
[SetUpFixture]
public sealed class CoreDatabase
{
    public static readonly string DatabaseName =
        "leanmote_it_core_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..8];

    public static string Server => Environment.GetEnvironmentVariable("LEANMOTE_TEST_DATABASE_URL") ?? "Host=127.0.0.1;Port=55432;Username=postgres";

    public static string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = DatabaseName }.ConnectionString;

    internal static NpgsqlDataSource Db { get; private set; } = null!;
    internal static Respawner Respawner { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        DapperSetup.Configure();
        await DropAsync(DatabaseName);
        await Migrator.EnsureDatabaseExistsAsync(ConnectionString, CancellationToken.None);
        Db = NpgsqlDataSource.Create(ConnectionString);
        await new Migrator(Db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        await using var conn = await Db.OpenConnectionAsync();
        Respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["schema_version"],
            WithReseed = true,
        });
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await Db.DisposeAsync();

    /// <summary>Drops a database of the test server, disconnecting anyone still using it.</summary>
    public static async Task DropAsync(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Base of every core database test: an empty (reseeded) database before each test.</summary>
public abstract class DatabaseTest
{
    protected static NpgsqlDataSource Db => CoreDatabase.Db;
    protected static DbRetry Retry { get; } = new(NullLogger<DbRetry>.Instance);
    protected Given Given { get; private set; } = null!;

    [SetUp]
    public async Task ResetAsync()
    {
        await using (var conn = await Db.OpenConnectionAsync())
        {
            await CoreDatabase.Respawner.ResetAsync(conn);
        }
        Given = new Given(Db);
    }
}
