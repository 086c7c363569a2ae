using Npgsql;

namespace Leanmote.Infrastructure.Database;

/// <summary>
/// What "the database is unavailable" means, in one place (ADR 0054): Npgsql's transient faults (network, pool
/// exhaustion, command timeout), a server that is shutting down or refusing connections, and a read-only server
/// (SQLSTATE 25006, a standby during failover). All of them answer 503 with Retry-After; none is the request's fault.
/// </summary>
public static class DbFaults
{
    public static bool IsUnavailable(Exception e) => e switch
    {
        DatabaseUnavailableException => true,
        PostgresException p => p.IsTransient || IsReadOnly(p) || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient || n.InnerException is TimeoutException or System.IO.IOException or System.Net.Sockets.SocketException,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>SQLSTATE 25006: the server is a read-only standby (or default_transaction_read_only is on), here or as the inner fault.</summary>
    public static bool IsReadOnly(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction }
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction };

    /// <summary>A connect or command timeout, or no pooled connection free within the timeout: the time is already spent.</summary>
    public static bool IsTimeout(Exception e) => e is TimeoutException || e.InnerException is TimeoutException;
}
