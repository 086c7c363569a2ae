using System.Data.Common;
using Npgsql;

namespace Leanmote.Infrastructure.Database;

/// <summary>
/// Explicit timeouts (ADR 0054) where the connection string does not set its own: connecting to the server, and
/// waiting for a free pooled connection, give up after <see cref="ConnectSeconds"/> (Npgsql's default is 15), so an
/// unreachable server or an exhausted pool is a 503 within seconds; a command gets <see cref="CommandSeconds"/>.
/// </summary>
public static class DatabaseTimeouts
{
    public const int ConnectSeconds = 5;
    public const int CommandSeconds = 30;

    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Timeout")) builder.Timeout = ConnectSeconds;
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout")) builder.CommandTimeout = CommandSeconds;
        return builder.ConnectionString;
    }
}
