using System.Security.Cryptography;
using System.Text;
using Dapper;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Leanmote.IntegrationTests.Support;

/// <summary>
/// A fresh, migrated database per fixture on the test server (LEANMOTE_TEST_DATABASE_URL, else the local cluster),
/// named <c>leanmote_it_&lt;purpose&gt;_&lt;hash of this checkout&gt;</c> so parallel checkouts never collide.
/// </summary>
public static class TestDatabase
{
    public static string Server =>
        Environment.GetEnvironmentVariable("LEANMOTE_TEST_DATABASE_URL") is { Length: > 0 } url ? url : "Host=127.0.0.1;Port=55432;Username=postgres";

    public static string NameFor(string purpose) =>
        $"leanmote_it_{purpose}_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..8];

    public static string ConnectionString(string purpose, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = NameFor(purpose), Pooling = pooling }.ConnectionString;

    public static async Task DropAsync(string purpose)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{NameFor(purpose)}\" WITH (FORCE)");
    }

    /// <summary>Drops and recreates the database, applies every migration, and returns a data source on it.</summary>
    public static async Task<NpgsqlDataSource> CreateMigratedAsync(string purpose)
    {
        await DropAsync(purpose);
        var connectionString = ConnectionString(purpose);
        await Migrator.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None);
        DapperSetup.Configure();
        var db = NpgsqlDataSource.Create(connectionString);
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        return db;
    }
}
