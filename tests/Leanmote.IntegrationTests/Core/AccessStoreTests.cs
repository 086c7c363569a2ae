using Leanmote.Application.Access;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Meta;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Core;

[TestFixture]
public sealed class ApiCredentialStoreTests : DatabaseTest
{
    private static ApiCredentialStore Store() => new(Db, Retry, new TokenCache(TimeProvider.System));

    private static QueryOptions Options(params (string Key, string Value)[] pairs)
    {
        var parsed = QueryOptionsParser.Parse(ListApiCredentials.Query.Spec, QueryParameters.Of(pairs));
        Assert.That(parsed.IsSuccess, Is.True, () => parsed.Error!.Message);
        return parsed.Value;
    }

    [Test]
    public async Task CreateAsync_NewCredential_IsListedWithoutHash()
    {
        var user = await Given.User();
        var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var created = (await Store().CreateAsync(user, "hash-x", "lm_ab", expires, user, organizationIds: null, CancellationToken.None))!;
        var (rows, total) = await Store().ListAsync(user, Options(), CancellationToken.None);
        Assert.That((total, rows.Single()), Is.EqualTo((1L, created)));
        Assert.That((created.TokenPreview, created.IsActive, created.ExpiresAt, created.LastUsedAt), Is.EqualTo(("lm_ab", true, (DateTimeOffset?)expires, (DateTimeOffset?)null)));
        Assert.That(await Given.ScalarAsync<string>("SELECT token_hash FROM api_credentials WHERE id = @Id", new { Id = created.Id.Value }), Is.EqualTo("hash-x"));
    }

    [Test]
    public async Task ListAsync_OtherUsersCredentials_AreNotListed()
    {
        var me = await Given.User();
        var other = await Given.User();
        var mine = await Given.Credential(me);
        await Given.Credential(other);
        var (rows, total) = await Store().ListAsync(me, Options(), CancellationToken.None);
        Assert.That((rows.Select(r => r.Id).ToArray(), total), Is.EqualTo((new[] { mine }, 1L)));
    }

    [Test]
    public async Task ListAsync_ActiveFilterAndDateOnlyBounds_Apply()
    {
        var me = await Given.User();
        var day = new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero);
        await Given.Credential(me, createdAt: day.AddTicks(-10));
        var start = await Given.Credential(me, createdAt: day);
        var end = await Given.Credential(me, createdAt: day.AddDays(1).AddTicks(-10));
        await Given.Credential(me, createdAt: day.AddDays(1));
        await Given.Credential(me, createdAt: day.AddHours(1), isActive: false);
        var (rows, _) = await Store().ListAsync(me, Options(("created_at", "2025-06-10"), ("is_active", "true"), ("order", "asc")), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id), Is.EqualTo(new[] { start, end }));
    }

    [Test]
    public async Task DeactivateAsync_Twice_IsTrueBothTimesAndInactive()
    {
        var me = await Given.User();
        var credential = await Given.Credential(me);
        var first = await Store().DeactivateAsync(me, credential, CancellationToken.None);
        var second = await Store().DeactivateAsync(me, credential, CancellationToken.None);
        var active = await Given.ScalarAsync<bool>("SELECT is_active FROM api_credentials WHERE id = @Id", new { Id = credential.Value });
        Assert.That((first, second, active), Is.EqualTo((true, true, false)));
    }

    [Test]
    public async Task DeactivateAsync_OtherUsersCredential_IsFalseAndUntouched()
    {
        var me = await Given.User();
        var other = await Given.User();
        var theirs = await Given.Credential(other);
        var found = await Store().DeactivateAsync(me, theirs, CancellationToken.None);
        var active = await Given.ScalarAsync<bool>("SELECT is_active FROM api_credentials WHERE id = @Id", new { Id = theirs.Value });
        Assert.That((found, active), Is.EqualTo((false, true)));
    }

    [Test]
    public async Task DeactivateAsync_Unknown_IsFalse() =>
        Assert.That(await Store().DeactivateAsync(await Given.User(), new CredentialId(4242), CancellationToken.None), Is.False);
}

[TestFixture]
public sealed class TokenStoreTests : DatabaseTest
{
    private static TokenStore Store() => new(Db, Retry);

    [Test]
    public async Task FindByHashAsync_Known_ReturnsRecordWithMembershipsOrdered()
    {
        var a = await Given.Organization();
        var b = await Given.Organization();
        var user = await Given.User();
        await Given.Join(b, user, OrganizationRole.Admin);
        await Given.Join(a, user, OrganizationRole.Manager);
        var expires = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var credential = await Given.Credential(user, tokenHash: "h1", expiresAt: expires);
        var record = await Store().FindByHashAsync("h1", CancellationToken.None);
        Assert.That((record?.Id, record?.UserId, record?.IsActive, record?.UserIsActive, record?.ExpiresAt, record?.LastUsedAt),
            Is.EqualTo(((CredentialId?)credential, (UserId?)user, (bool?)true, (bool?)true, (DateTimeOffset?)expires, (DateTimeOffset?)null)));
        Assert.That(record!.Memberships, Is.EqualTo(new[] { new Membership(a, OrganizationRole.Manager), new Membership(b, OrganizationRole.Admin) }));
    }

    [Test]
    public async Task FindByHashAsync_UserWithoutOrganizations_HasNoMemberships()
    {
        var user = await Given.User(isActive: false);
        await Given.Credential(user, tokenHash: "h2", isActive: false);
        var record = await Store().FindByHashAsync("h2", CancellationToken.None);
        Assert.That((record?.IsActive, record?.UserIsActive, record?.Memberships.Count), Is.EqualTo(((bool?)false, (bool?)false, (int?)0)));
    }

    [Test]
    public async Task FindByHashAsync_Unknown_ReturnsNull() =>
        Assert.That(await Store().FindByHashAsync("nope", CancellationToken.None), Is.Null);

    [Test]
    public async Task TouchAsync_StaleOrNull_WritesAndFresh_DoesNot()
    {
        var user = await Given.User();
        var now = new DateTimeOffset(2026, 5, 5, 12, 0, 0, TimeSpan.Zero);
        var never = await Given.Credential(user);
        var stale = await Given.Credential(user, lastUsedAt: now.AddMinutes(-2));
        var fresh = await Given.Credential(user, lastUsedAt: now.AddSeconds(-30));
        foreach (var id in new[] { never, stale, fresh })
            await Store().TouchAsync(id, now, now.AddMinutes(-1), CancellationToken.None);
        var lastUsed = new List<DateTimeOffset>();
        foreach (var id in new[] { never, stale, fresh })
            lastUsed.Add(await Given.ScalarAsync<DateTime>("SELECT last_used_at FROM api_credentials WHERE id = @Id", new { Id = id.Value }) is var d
                ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : default);
        Assert.That(lastUsed, Is.EqualTo(new[] { now, now, now.AddSeconds(-30) }));
    }
}

[TestFixture]
public sealed class RateLimitStoreTests : DatabaseTest
{
    private static readonly DateTimeOffset Start = new(2026, 5, 5, 12, 0, 0, TimeSpan.Zero);

    private static RateLimitStore Store() => new(Db, Retry);

    private static RateWindow Window(string bucket, DateTimeOffset start) => new(bucket, start, start.AddMinutes(1));

    [Test]
    public async Task IncrementAsync_CountsPerBucketAndWindow_InRequestOrder()
    {
        await Store().IncrementAsync([Window("a", Start)], CancellationToken.None);
        await Store().IncrementAsync([Window("a", Start)], CancellationToken.None);
        var counts = await Store().IncrementAsync([Window("b", Start), Window("a", Start), Window("a2", Start.AddMinutes(1))], CancellationToken.None);
        Assert.That(counts, Is.EqualTo(new long[] { 1, 3, 1 }));
    }

    [Test]
    public async Task IncrementAsync_NextWindow_StartsAgainAtOne()
    {
        await Store().IncrementAsync([Window("a", Start)], CancellationToken.None);
        Assert.That(await Store().IncrementAsync([Window("a", Start.AddMinutes(1))], CancellationToken.None), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public async Task IncrementAsync_FiftyConcurrent_SumExactly()
    {
        var store = Store();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => store.IncrementAsync([Window("hot", Start)], CancellationToken.None))));
        var final = await Given.ScalarAsync<int>("SELECT count FROM rate_limit_windows WHERE bucket = 'hot'");
        Assert.That(final, Is.EqualTo(50));
        Assert.That(results.Select(r => r[0]).Order(), Is.EqualTo(Enumerable.Range(1, 50).Select(i => (long)i)));
    }

    [Test]
    public async Task PurgeAsync_DeletesOnlyWindowsStartedBefore()
    {
        await Store().IncrementAsync([Window("a", Start.AddMinutes(-5)), Window("b", Start.AddMinutes(-1)), Window("c", Start)], CancellationToken.None);
        var purged = await Store().PurgeAsync(Start, CancellationToken.None);
        var left = await Given.ScalarAsync<string>("SELECT string_agg(bucket, ',' ORDER BY bucket) FROM rate_limit_windows");
        Assert.That((purged, left), Is.EqualTo((2, "c")));
    }
}

[TestFixture]
public sealed class AccessReaderTests : DatabaseTest
{
    private static AccessReader Reader() => new(Db, Retry);

    [Test]
    public async Task FindOwnersAsync_Organization_IsItself()
    {
        var org = await Given.Organization();
        Assert.That(await Reader().FindOwnersAsync(ResourceKind.Organization, org.Value, CancellationToken.None), Is.EqualTo(new[] { org.Value }));
    }

    [Test]
    public async Task FindOwnersAsync_User_IsEveryOrganizationOfTheUser()
    {
        var a = await Given.Organization();
        var b = await Given.Organization();
        await Given.Organization();
        var user = await Given.User();
        await Given.Join(b, user);
        await Given.Join(a, user);
        Assert.That(await Reader().FindOwnersAsync(ResourceKind.User, user.Value, CancellationToken.None), Is.EqualTo(new[] { a.Value, b.Value }));
    }

    [Test]
    public async Task FindOwnersAsync_UserWithoutOrganizations_IsEmptyNotNull() =>
        Assert.That(await Reader().FindOwnersAsync(ResourceKind.User, (await Given.User()).Value, CancellationToken.None), Is.Not.Null.And.Empty);

    [Test]
    public async Task FindOwnersAsync_Team_IsItsOrganization()
    {
        await Given.Organization();
        var org = await Given.Organization();
        var team = await Given.Team(org);
        Assert.That(await Reader().FindOwnersAsync(ResourceKind.Team, team.Value, CancellationToken.None), Is.EqualTo(new[] { org.Value }));
    }

    private static ResourceKind[] Kinds() => Enum.GetValues<ResourceKind>();

    [TestCaseSource(nameof(Kinds))]
    public async Task FindOwnersAsync_Nonexistent_IsNull(ResourceKind kind) =>
        Assert.That(await Reader().FindOwnersAsync(kind, 987654, CancellationToken.None), Is.Null);
}

[TestFixture]
public sealed class TokenIssuerTests : DatabaseTest
{
    private static TokenIssuer Issuer() => new(Db, new ApiCredentialStore(Db, Retry, new TokenCache(TimeProvider.System)));

    [Test]
    public async Task IssueForEmailAsync_UniqueEmail_StoresHashAndPreviewOfTheToken()
    {
        var user = await Given.User(email: "Ops@Example.com");
        var outcome = await Issuer().IssueForEmailAsync("ops@example.com", null, "salt", CancellationToken.None);
        Assert.That(outcome.Problem, Is.Null);
        var row = await Given.ScalarAsync<string>("SELECT token_hash || '|' || token_preview || '|' || user_id FROM api_credentials");
        Assert.That(row, Is.EqualTo($"{ApiToken.Hash(outcome.Token!, "salt")}|{outcome.Token![..5]}|{user.Value}"));
    }

    [Test]
    public async Task IssueForEmailAsync_DuplicateEmail_CreatesNothing()
    {
        await Given.User(email: "same@example.com");
        await Given.User(email: "SAME@example.com");
        var outcome = await Issuer().IssueForEmailAsync("same@example.com", null, "salt", CancellationToken.None);
        Assert.That((outcome.Token, outcome.Problem), Is.EqualTo(((string?)null, "several users share the email 'same@example.com' (in different organizations); token not created")));
        Assert.That(await Given.ScalarAsync<long>("SELECT count(*) FROM api_credentials"), Is.Zero);
    }

    [TestCase("nobody@example.com")]
    [TestCase("inactive@example.com")]
    public async Task IssueForEmailAsync_UnknownOrInactiveEmail_ReportsAProblem(string email)
    {
        await Given.User(email: "inactive@example.com", isActive: false);
        var outcome = await Issuer().IssueForEmailAsync(email, null, "salt", CancellationToken.None);
        Assert.That((outcome.Token, outcome.Problem), Is.EqualTo(((string?)null, $"no active user has the email '{email}'")));
    }
}

[TestFixture]
public sealed class HealthProbeTests : DatabaseTest
{
    [Test]
    public async Task DatabaseIsReachableAsync_RunningDatabase_IsTrue() =>
        Assert.That(await new HealthProbe(Db, Retry).DatabaseIsReachableAsync(CancellationToken.None), Is.True);
}
