using Dapper;
using Leanmote.Application.Common.Security;
using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Database;
using Leanmote.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Access;

/// <summary>Owner lookups are cached until an access-channel notification, which deleting a tenant row sends.</summary>
[NonParallelizable]
public sealed class CachingAccessReaderTests
{
    private NpgsqlDataSource _db = null!;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync("owners");
        await using var conn = await _db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO organizations (id, name, slug) VALUES (1, 'Acme', 'acme');
            INSERT INTO teams (id, organization_id, name) VALUES (7, 1, 'Platform'), (8, 1, 'Data');
            """);
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Test]
    public async Task Owners_AreServedFromMemory_UntilTheCacheIsInvalidated()
    {
        var changes = new TokenCache(TimeProvider.System) { Enabled = true };
        var reader = new CachingAccessReader(new AccessReader(_db, new DbRetry(NullLogger<DbRetry>.Instance)), changes, TimeProvider.System);
        Assert.That(await reader.FindOwnersAsync(ResourceKind.Team, 7, CancellationToken.None), Is.EqualTo(new long[] { 1 }));

        await using (var conn = await _db.OpenConnectionAsync()) await conn.ExecuteAsync("DELETE FROM teams WHERE id = 7");
        Assert.That(await reader.FindOwnersAsync(ResourceKind.Team, 7, CancellationToken.None), Is.EqualTo(new long[] { 1 }), "served from memory");

        changes.Invalidate();   // what AccessChangeListener does on the notification below
        Assert.That(await reader.FindOwnersAsync(ResourceKind.Team, 7, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Owners_AreNotCached_WhileTheListenerIsDown()
    {
        var changes = new TokenCache(TimeProvider.System) { Enabled = false };
        var reader = new CachingAccessReader(new AccessReader(_db, new DbRetry(NullLogger<DbRetry>.Instance)), changes, TimeProvider.System);
        await using (var conn = await _db.OpenConnectionAsync()) await conn.ExecuteAsync("INSERT INTO teams (id, organization_id, name) VALUES (9, 1, 'Temp')");
        Assert.That(await reader.FindOwnersAsync(ResourceKind.Team, 9, CancellationToken.None), Is.EqualTo(new long[] { 1 }));
        await using (var conn = await _db.OpenConnectionAsync()) await conn.ExecuteAsync("DELETE FROM teams WHERE id = 9");
        Assert.That(await reader.FindOwnersAsync(ResourceKind.Team, 9, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task DeletingATenantRow_NotifiesTheAccessChannel()
    {
        await using var listener = await _db.OpenConnectionAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => received.TrySetResult(e.Payload);
        await listener.ExecuteAsync($"LISTEN {AccessChangeListener.Channel}");

        await using (var conn = await _db.OpenConnectionAsync()) await conn.ExecuteAsync("DELETE FROM teams WHERE id = 8");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await listener.WaitAsync(timeout.Token);
        Assert.That(await received.Task.WaitAsync(TimeSpan.FromSeconds(1)), Is.EqualTo("teams"));
    }
}
