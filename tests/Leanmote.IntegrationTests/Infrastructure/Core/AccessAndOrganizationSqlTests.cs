using System.Security.Cryptography;
using System.Text;
using Dapper;
using Leanmote.Application.Access;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Meta;
using Leanmote.Infrastructure.Organizations;
using Leanmote.Infrastructure.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Leanmote.IntegrationTests.Support;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Core;

/// <summary>
/// Every statement of the Access and Organizations stores against PostgreSQL: lists bounded to the scope, sort
/// tie-breaks, pages past the end, conditional touches, shared counters under concurrency, owner lookups.
/// </summary>
[NonParallelizable]
public sealed class AccessAndOrganizationSqlTests
{
    private NpgsqlDataSource _db = null!;
    private DbRetry _retry = null!;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync("core");
        _retry = new DbRetry(NullLogger<DbRetry>.Instance);

        await using var conn = await _db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO organizations (id, name, slug, created_at) VALUES (1, 'Acme', 'acme', @T0), (2, 'Globex', 'globex', @T0), (3, 'Initech', 'initech', @T1);
            INSERT INTO users (id, name, email, created_at, is_active) VALUES
              (1, 'Ada', 'ada@x.example', @T0, true), (2, 'Bob', 'bob@x.example', @T0, true), (3, 'Cy', 'cy@x.example', @T0, false),
              (4, 'Dee', 'dee@x.example', @T1, true), (5, 'Eve', 'same@x.example', @T1, true), (6, 'Eve Two', 'same@x.example', @T1, true);
            INSERT INTO organization_members (organization_id, user_id, role) VALUES
              (1, 1, 'admin'), (1, 2, 'manager'), (1, 3, 'collaborator'), (1, 4, 'collaborator'), (2, 1, 'collaborator'), (2, 5, 'admin'), (3, 6, 'admin');
            SELECT setval(pg_get_serial_sequence('users', 'id'), 10);
            """, new { T0 = T0.UtcDateTime, T1 = T0.AddDays(1).UtcDateTime });
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static QueryOptions Options(QuerySpec spec, params (string, string)[] pairs) => QueryOptionsParser.Parse(spec, QueryParameters.Of(pairs)).Value;

    [TestCase("asc", new long[] { 1, 2, 3 })]
    [TestCase("desc", new long[] { 3, 2, 1 })]
    public async Task Organizations_SortedByCreatedAt_BreakTiesById(string order, long[] expected)
    {
        var reader = new OrganizationReader(_db, _retry);
        var (rows, total) = await reader.ListAsync([1, 2, 3], Options(ListOrganizations.Query.Spec, ("order", order)), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(expected));
        Assert.That(total, Is.EqualTo(3));
    }

    [Test]
    public async Task Organizations_List_IsBoundedToTheScope_AndAPagePastTheEndIsEmpty()
    {
        var reader = new OrganizationReader(_db, _retry);
        var (rows, total) = await reader.ListAsync([2], Options(ListOrganizations.Query.Spec), CancellationToken.None);
        Assert.That(rows.Select(r => r.Slug), Is.EqualTo(new[] { "globex" }));
        var (past, pastTotal) = await reader.ListAsync([1, 2], Options(ListOrganizations.Query.Spec, ("page", "5")), CancellationToken.None);
        Assert.That(past, Is.Empty);
        Assert.That(pastTotal, Is.EqualTo(2));
        Assert.That(total, Is.EqualTo(1));
    }

    [Test]
    public async Task Members_FiltersAndIsolation()
    {
        var reader = new OrganizationReader(_db, _retry);
        var spec = ListOrganizationMembers.Query.Spec;
        var (admins, _) = await reader.ListMembersAsync(new OrganizationId(1), Options(spec, ("role", "admin")), CancellationToken.None);
        Assert.That(admins.Select(m => (m.Id.Value, m.Role)), Is.EqualTo(new[] { (1L, OrganizationRole.Admin) }));
        var (inactive, _) = await reader.ListMembersAsync(new OrganizationId(1), Options(spec, ("is_active", "false")), CancellationToken.None);
        Assert.That(inactive.Select(m => m.Id.Value), Is.EqualTo(new[] { 3L }));
        var (globex, total) = await reader.ListMembersAsync(new OrganizationId(2), Options(spec, ("sort", "name"), ("order", "asc")), CancellationToken.None);
        Assert.That(globex.Select(m => m.Id.Value), Is.EqualTo(new[] { 1L, 5L }), "only Globex's members, in name order");
        Assert.That(total, Is.EqualTo(2));
    }

    [Test]
    public async Task Credentials_CreateListTouchDeactivate()
    {
        var store = new ApiCredentialStore(_db, _retry, new TokenCache(TimeProvider.System));
        var created = (await store.CreateAsync(new UserId(2), "hash-cred-test", "lm_ab", T0.AddYears(5), new UserId(1), organizationIds: null, CancellationToken.None))!;
        var (rows, total) = await store.ListAsync(new UserId(2), Options(ListApiCredentials.Query.Spec), CancellationToken.None);
        Assert.That(rows.Single(), Is.EqualTo(created));
        Assert.That(total, Is.EqualTo(1));

        var tokens = new TokenStore(_db, _retry);
        var found = await tokens.FindByHashAsync("hash-cred-test", CancellationToken.None);
        Assert.That(found!.Memberships, Is.EqualTo(new[] { new Membership(new OrganizationId(1), OrganizationRole.Manager) }));
        Assert.That(found.LastUsedAt, Is.Null);

        await tokens.TouchAsync(created.Id, T0, T0.AddMinutes(-1), CancellationToken.None);
        await tokens.TouchAsync(created.Id, T0.AddSeconds(30), T0.AddSeconds(-30), CancellationToken.None);   // not stale: no write
        Assert.That((await tokens.FindByHashAsync("hash-cred-test", CancellationToken.None))!.LastUsedAt, Is.EqualTo(T0));

        Assert.That(await store.DeactivateAsync(new UserId(1), created.Id, CancellationToken.None), Is.False, "another user's credential");
        Assert.That(await store.DeactivateAsync(new UserId(2), created.Id, CancellationToken.None), Is.True);
        Assert.That(await store.DeactivateAsync(new UserId(2), created.Id, CancellationToken.None), Is.True, "idempotent");
        Assert.That((await tokens.FindByHashAsync("hash-cred-test", CancellationToken.None))!.IsActive, Is.False);
        Assert.That(await tokens.FindByHashAsync("no-such-hash", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task RateLimits_ConcurrentIncrements_SumExactly_AndPurgeRemovesOldWindows()
    {
        var store = new RateLimitStore(_db, _retry);
        var start = new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);
        RateWindow hour = new("token:99:hour", start, start.AddHours(1));
        RateWindow minute = new("token:99:minute", start, start.AddMinutes(1));
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.IncrementAsync([hour, minute], CancellationToken.None)));
        Assert.That(results.Select(r => r[0]).Order(), Is.EqualTo(Enumerable.Range(1, 50).Select(i => (long)i)), "each increment saw a distinct count");
        Assert.That(results.Max(r => r[1]), Is.EqualTo(50));
        Assert.That(await store.PurgeAsync(start.AddHours(3), CancellationToken.None), Is.EqualTo(2));
    }

    [Test]
    public async Task RateLimits_TwoStoresGroupCommittingConcurrently_HandOutEveryCountOnce()
    {
        // two stores stand for two API processes: each batches its own queue into one upsert per round trip
        await using var first = new RateLimitStore(_db, _retry);
        await using var second = new RateLimitStore(_db, _retry);
        var start = new DateTimeOffset(2026, 2, 2, 10, 0, 0, TimeSpan.Zero);
        RateWindow hour = new("token:98:hour", start, start.AddHours(1));
        RateWindow minute = new("token:98:minute", start, start.AddMinutes(1));
        RateWindow other = new("token:97:minute", start, start.AddMinutes(1));
        var calls = Enumerable.Range(0, 400).Select(i => (i % 2 == 0 ? first : second).IncrementAsync(
            i % 5 == 0 ? [other] : [hour, minute], CancellationToken.None)).ToArray();
        var results = await Task.WhenAll(calls);
        var paired = results.Where(r => r.Count == 2).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(paired.Select(r => r[0]).Order(), Is.EqualTo(Enumerable.Range(1, 320).Select(i => (long)i)));
            Assert.That(paired.Select(r => r[1]).Order(), Is.EqualTo(Enumerable.Range(1, 320).Select(i => (long)i)));
            Assert.That(results.Where(r => r.Count == 1).Select(r => r[0]).Order(), Is.EqualTo(Enumerable.Range(1, 80).Select(i => (long)i)));
        });
    }

    [Test]
    public async Task Owners_PerKind()
    {
        var access = new AccessReader(_db, _retry);
        Assert.That(await access.FindOwnersAsync(ResourceKind.Organization, 2, CancellationToken.None), Is.EqualTo(new long[] { 2 }));
        Assert.That(await access.FindOwnersAsync(ResourceKind.Organization, 999, CancellationToken.None), Is.Null);
        Assert.That(await access.FindOwnersAsync(ResourceKind.User, 1, CancellationToken.None), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(await access.FindOwnersAsync(ResourceKind.User, 999, CancellationToken.None), Is.Null);
        Assert.That(await access.FindOwnersAsync(ResourceKind.Team, 999, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task TokenIssuer_ByEmail()
    {
        var issuer = new TokenIssuer(_db, new ApiCredentialStore(_db, _retry, new TokenCache(TimeProvider.System)));
        var unique = await issuer.IssueForEmailAsync("DEE@x.example", null, "salt", CancellationToken.None);
        Assert.That(unique.Token, Does.StartWith(ApiToken.Prefix));
        var found = await new TokenStore(_db, _retry).FindByHashAsync(ApiToken.Hash(unique.Token!, "salt"), CancellationToken.None);
        Assert.That(found!.UserId, Is.EqualTo(new UserId(4)));
        Assert.That((await issuer.IssueForEmailAsync("same@x.example", null, "salt", CancellationToken.None)).Problem, Does.Contain("several users"));
        Assert.That((await issuer.IssueForEmailAsync("nobody@x.example", null, "salt", CancellationToken.None)).Problem, Does.Contain("no active user"));
    }

    [Test]
    public async Task Health_ReachableDatabase_IsTrue() =>
        Assert.That(await new HealthProbe(_db, _retry).DatabaseIsReachableAsync(CancellationToken.None), Is.True);
}
