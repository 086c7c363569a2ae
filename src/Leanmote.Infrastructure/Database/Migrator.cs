using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Leanmote.Infrastructure.Database;

/// <summary>
/// Applies the embedded, ordered SQL migrations (<c>Database/Migrations/NNNN_name.sql</c>). Each runs in its own
/// transaction and is recorded in <c>schema_version</c>; a session advisory lock serialises concurrent
/// migrators, so running it twice, or from several processes at once, is safe.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    private const long LockKey = 0x4C65616E6D6F7465; // "Leanmote"
    private const string ResourcePrefix = "Leanmote.Migrations.";

    public sealed record Migration(int Version, string Name, string Sql, string Checksum);

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(Migrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), provider: System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            migrations.Add(new Migration(version, name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
            throw new InvalidOperationException("Two migrations share a version number");
        return migrations;
    }

    /// <summary>Creates the database named in the connection string when it does not exist yet.</summary>
    public static async Task EnsureDatabaseExistsAsync(string connectionString, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database ?? throw new InvalidOperationException("The connection string names no database");
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", conn);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        try
        {
            var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // another process created it between our check and our CREATE: that is the outcome we wanted
        }
    }

    /// <summary>Applies every pending migration; returns how many were applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(conn, "SELECT pg_advisory_lock(@key)", ct, ("key", LockKey));
        try
        {
            await ExecuteAsync(conn, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, ct);

            var applied = new Dictionary<int, string>();
            await using (var read = new NpgsqlCommand("SELECT version, checksum FROM schema_version", conn))
            await using (var rows = await read.ExecuteReaderAsync(ct))
            {
                while (await rows.ReadAsync(ct)) applied[rows.GetInt32(0)] = rows.GetString(1);
            }

            var count = 0;
            foreach (var migration in Embedded())
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        throw new InvalidOperationException($"Migration {migration.Name} was changed after it was applied; migrations are forward-only");
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var apply = new NpgsqlCommand(migration.Sql, conn, tx))
                {
                    apply.CommandTimeout = 0;
                    await apply.ExecuteNonQueryAsync(ct);
                }
                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name, checksum) VALUES (@v, @n, @c)", conn, tx))
                {
                    record.Parameters.AddWithValue("v", migration.Version);
                    record.Parameters.AddWithValue("n", migration.Name);
                    record.Parameters.AddWithValue("c", migration.Checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Migration}", migration.Name);
                count++;
            }
            return count;
        }
        finally
        {
            await ExecuteAsync(conn, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey));
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }
}
