using System.Net.Sockets;
using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.UnitTests.Infrastructure.Database;

/// <summary>Issue 10 / ADR 0054: a bounded retry budget, and every "unavailable" fault a quick DatabaseUnavailableException.</summary>
public sealed class DbRetryTests
{
    private static readonly DbRetry Retry = new(NullLogger<DbRetry>.Instance);

    private static async Task<(int Attempts, Exception? Thrown)> RunAsync(Func<Exception> fault, bool once = false)
    {
        var attempts = 0;
        Task<int> Operation(CancellationToken _)
        {
            attempts++;
            throw fault();
        }
        try
        {
            if (once) await Retry.RunOnceAsync(Operation, CancellationToken.None);
            else await Retry.RunAsync(Operation, CancellationToken.None);
            return (attempts, null);
        }
        catch (Exception e)
        {
            return (attempts, e);
        }
    }

    [Test]
    public async Task RunAsync_CommandTimeoutOrPoolExhausted_IsNotRetriedAndIsUnavailable()
    {
        var (attempts, thrown) = await RunAsync(() => new NpgsqlException("The connection pool has been exhausted", new TimeoutException()));

        Assert.That(attempts, Is.EqualTo(1), "a timeout already took its full time");
        Assert.That(thrown, Is.TypeOf<DatabaseUnavailableException>());
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Run_ReadOnlyServer_IsUnavailableAtOnce(bool once)
    {
        var (attempts, thrown) = await RunAsync(() => new PostgresException("cannot execute INSERT in a read-only transaction", "ERROR", "ERROR",
            PostgresErrorCodes.ReadOnlySqlTransaction), once);

        Assert.That(attempts, Is.EqualTo(1));
        Assert.That(thrown, Is.TypeOf<DatabaseUnavailableException>());
        Assert.That(DbFaults.IsReadOnly(thrown!.InnerException!), Is.True);
    }

    [Test]
    public async Task RunAsync_RefusedConnection_IsRetriedWithinTwoSeconds()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (attempts, thrown) = await RunAsync(() => new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.That(attempts, Is.EqualTo(4));
        Assert.That(thrown, Is.TypeOf<DatabaseUnavailableException>());
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task RunAsync_SqlError_IsNeitherRetriedNorUnavailable()
    {
        var (attempts, thrown) = await RunAsync(() => new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError));

        Assert.That(attempts, Is.EqualTo(1));
        Assert.That(thrown, Is.TypeOf<PostgresException>());
    }

    [TestCase("Host=h;Username=u", 5, 30)]
    [TestCase("Host=h;Username=u;Timeout=9;Command Timeout=120", 9, 120)]
    public void WithDefaults_SetsExplicitTimeoutsOnlyWhereTheStringHasNone(string given, int connect, int command)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseTimeouts.WithDefaults(given));

        Assert.That((builder.Timeout, builder.CommandTimeout), Is.EqualTo((connect, command)));
    }
}
