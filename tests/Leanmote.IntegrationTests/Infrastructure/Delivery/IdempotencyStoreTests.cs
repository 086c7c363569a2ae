using Leanmote.Application.Common.Idempotency;
using Leanmote.Infrastructure.Idempotency;
using Leanmote.IntegrationTests.DeliverySupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Delivery;

[TestFixture]
public sealed class IdempotencyStoreTests : DeliveryDatabaseTest
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-02-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly IdempotencyEntry Entry = new(1, 7, "key-1", "Op", "hash-a");
    private IdempotencyStore _store = null!;

    [SetUp]
    public void CreateStore() => _store = new IdempotencyStore(Db, Retry);

    private Task<IdempotencyClaim> ClaimAsync(IdempotencyEntry entry, DateTimeOffset? now = null)
    {
        var at = now ?? Now;
        return _store.ClaimAsync(entry, at, at - IdempotencyKeys.Lifetime, at - IdempotencyKeys.AbandonedAfter, CancellationToken.None);
    }

    [Test]
    public async Task Claim_Lifecycle_ClaimedInProgressCompletedMismatch()
    {
        var first = await ClaimAsync(Entry);
        var duplicate = await ClaimAsync(Entry);
        await _store.CompleteAsync(Entry, 201, """{"resource":{"id":"dep_1"},"inserted":true}""", CancellationToken.None);
        var replay = await ClaimAsync(Entry);
        var other = await ClaimAsync(Entry with { Fingerprint = "hash-b" });
        var otherOperation = await ClaimAsync(Entry with { Operation = "Other" });

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.TypeOf<IdempotencyClaim.Claimed>());
            Assert.That(duplicate, Is.TypeOf<IdempotencyClaim.InProgress>());
            Assert.That(replay, Is.TypeOf<IdempotencyClaim.Completed>());
            Assert.That(((IdempotencyClaim.Completed)replay).StatusCode, Is.EqualTo(201));
            Assert.That(((IdempotencyClaim.Completed)replay).Body, Does.Contain("dep_1"));
            Assert.That(other, Is.TypeOf<IdempotencyClaim.Mismatch>());
            Assert.That(otherOperation, Is.TypeOf<IdempotencyClaim.Mismatch>());
        });
    }

    [Test]
    public async Task Claim_KeysArePerOrganizationAndUser()
    {
        await ClaimAsync(Entry);
        Assert.Multiple(async () =>
        {
            Assert.That(await ClaimAsync(Entry with { UserId = 8 }), Is.TypeOf<IdempotencyClaim.Claimed>());
            Assert.That(await ClaimAsync(Entry with { OrganizationId = 2 }), Is.TypeOf<IdempotencyClaim.Claimed>());
        });
    }

    [Test]
    public async Task Release_FreesTheKey()
    {
        await ClaimAsync(Entry);
        await _store.ReleaseAsync(Entry, CancellationToken.None);
        Assert.That(await ClaimAsync(Entry with { Fingerprint = "hash-b" }), Is.TypeOf<IdempotencyClaim.Claimed>());
    }

    [Test]
    public async Task Claim_AfterExpiryOrAbandonment_TakesOver()
    {
        await ClaimAsync(Entry);
        var abandoned = await ClaimAsync(Entry, Now + IdempotencyKeys.AbandonedAfter + TimeSpan.FromSeconds(1));
        await _store.CompleteAsync(Entry, 200, "{}", CancellationToken.None);
        var stillStored = await ClaimAsync(Entry with { Fingerprint = "hash-b" }, Now + TimeSpan.FromHours(23));
        var expired = await ClaimAsync(Entry with { Fingerprint = "hash-b" }, Now + TimeSpan.FromHours(25));

        Assert.Multiple(() =>
        {
            Assert.That(abandoned, Is.TypeOf<IdempotencyClaim.Claimed>());
            Assert.That(stillStored, Is.TypeOf<IdempotencyClaim.Mismatch>());
            Assert.That(expired, Is.TypeOf<IdempotencyClaim.Claimed>());
        });
    }

    [Test]
    public async Task Claim_TenConcurrentDuplicates_ExactlyOneRuns()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => ClaimAsync(Entry))));
        Assert.Multiple(() =>
        {
            Assert.That(claims.Count(c => c is IdempotencyClaim.Claimed), Is.EqualTo(1));
            Assert.That(claims.Count(c => c is IdempotencyClaim.InProgress), Is.EqualTo(9));
        });
    }

    [Test]
    public async Task Purge_DeletesOnlyExpiredUses()
    {
        await ClaimAsync(Entry, Now - TimeSpan.FromHours(30));
        await ClaimAsync(Entry with { Key = "key-2" });
        Assert.Multiple(async () =>
        {
            Assert.That(await _store.PurgeAsync(Now - IdempotencyKeys.Lifetime, CancellationToken.None), Is.EqualTo(1));
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM idempotency_keys"), Is.EqualTo(1));
        });
    }
}
