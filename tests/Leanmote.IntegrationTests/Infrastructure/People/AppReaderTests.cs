using Leanmote.Application.Common.Querying;
using Leanmote.Application.Integrations;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Integrations;
using Leanmote.IntegrationTests.PeopleSupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.People;

/// <summary>AppReader against PostgreSQL: apps, a user's mappings and git apps; filters, sorts, paging, isolation.</summary>
[NonParallelizable]
public sealed class AppReaderTests : PeopleDatabaseTest
{
    private static readonly long[] Acme = [PeopleWorld.Acme];
    private static readonly long[] AcmeAndGlobex = [PeopleWorld.Acme, PeopleWorld.Globex];
    private static readonly UserId Bob = new(2);

    private AppReader Reader => new(Db, Retry);

    private static long[] Ids(IEnumerable<AppView> rows) => [.. rows.Select(r => r.Id.Value)];
    private static long[] Ids(IEnumerable<UserAppView> rows) => [.. rows.Select(r => r.Id.Value)];

    private Task<(IReadOnlyList<AppView> Rows, long Total)> ListAsync(IReadOnlyList<long> scope, params (string, string)[] parameters) =>
        Reader.ListAsync(scope, Options(ListApps.Query.Spec, parameters), CancellationToken.None);

    [TestCase("created_at", "desc", new long[] { 102, 101, 100 })]
    [TestCase("created_at", "asc", new long[] { 100, 101, 102 })]
    [TestCase("name", "asc", new long[] { 100, 102, 101 })]
    [TestCase("name", "desc", new long[] { 101, 102, 100 })]
    public async Task List_Sorts_TiesBrokenById(string sort, string order, long[] expected)
    {
        var (rows, total) = await ListAsync(Acme, ("sort", sort), ("order", order));

        Assert.That(Ids(rows), Is.EqualTo(expected));
        Assert.That(total, Is.EqualTo(3));
    }

    [TestCase("provider", "github", new long[] { 100 })]
    [TestCase("category", "source_control", new long[] { 100, 102 })]
    [TestCase("is_active", "false", new long[] { 102 })]
    [TestCase("organization_id", "org_1", new long[] { 100, 101, 102 })]
    [TestCase("organization_id", "org_3", new long[0])]
    public async Task List_Filters(string field, string value, long[] expected)
    {
        var (rows, _) = await ListAsync(Acme, (field, value), ("order", "asc"));

        Assert.That(Ids(rows), Is.EqualTo(expected));
    }

    [Test]
    public async Task List_Row_HasEveryField()
    {
        var (rows, _) = await ListAsync(Acme, ("is_active", "false"));

        Assert.That(rows.Single(), Is.EqualTo(new AppView(new AppId(102), new OrganizationId(1), "gitlab", "source_control", "GitLab", false, null,
            DateTimeOffset.Parse("2026-02-01T00:00:00Z"))));
    }

    [Test]
    public async Task List_OtherOrganizationsApps_NeverAppear()
    {
        var (rows, total) = await ListAsync(AcmeAndGlobex, ("per_page", "100"));

        Assert.That(Ids(rows), Is.EquivalentTo(new long[] { 100, 101, 102, 200 }));
        Assert.That(total, Is.EqualTo(4));
    }

    [Test]
    public async Task List_PagePastTheEnd_IsEmptyWithTotal()
    {
        var (rows, total) = await ListAsync(Acme, ("per_page", "2"), ("page", "9"));

        Assert.That((rows.Count, total), Is.EqualTo((0, 3L)));
    }

    [Test]
    public async Task Get_InScope_ReturnsIt_OutOfScope_Null()
    {
        Assert.That((await Reader.GetAsync(new AppId(101), Acme, CancellationToken.None))?.Provider, Is.EqualTo("jira"));
        Assert.That(await Reader.GetAsync(new AppId(200), Acme, CancellationToken.None), Is.Null);
    }

    [TestCase("desc", new long[] { 1001, 1002, 1000 })]
    [TestCase("asc", new long[] { 1000, 1002, 1001 })]
    public async Task UserApps_SortCreatedAt_TiesBrokenById(string order, long[] expected)
    {
        var (rows, total) = await Reader.ListUserAppsAsync(Bob, Acme, Options(ListUserApps.Query.Spec, ("order", order)), CancellationToken.None);

        Assert.That(Ids(rows), Is.EqualTo(expected));
        Assert.That(total, Is.EqualTo(3));
    }

    [TestCase("provider", "jira", new long[] { 1002 })]
    [TestCase("app_id", "app_100", new long[] { 1000, 1001 })]
    [TestCase("app_id", "app_200", new long[0])]
    public async Task UserApps_Filters(string field, string value, long[] expected)
    {
        var (rows, _) = await Reader.ListUserAppsAsync(Bob, Acme, Options(ListUserApps.Query.Spec, (field, value), ("order", "asc")), CancellationToken.None);

        Assert.That(Ids(rows), Is.EqualTo(expected));
    }

    [Test]
    public async Task UserApps_BoundedToTheScope()
    {
        var (both, _) = await Reader.ListUserAppsAsync(Bob, AcmeAndGlobex, Options(ListUserApps.Query.Spec, ("per_page", "100")), CancellationToken.None);
        var (eve, total) = await Reader.ListUserAppsAsync(new UserId(5), AcmeAndGlobex, Options(ListUserApps.Query.Spec), CancellationToken.None);

        Assert.That(Ids(both), Is.EquivalentTo(new long[] { 1000, 1001, 1002, 1003 }));
        Assert.That((eve.Count, total), Is.EqualTo((0, 0L)));
    }

    [Test]
    public async Task UserApps_Row_HasEveryField()
    {
        var (rows, _) = await Reader.ListUserAppsAsync(new UserId(1), Acme, Options(ListUserApps.Query.Spec), CancellationToken.None);

        Assert.That(rows.Single(), Is.EqualTo(new UserAppView(new UserAppId(1004), new AppId(100), "github", "7", "ada", null,
            DateTimeOffset.Parse("2026-01-01T00:00:00Z"))));
    }

    [Test]
    public async Task UserApps_PagePastTheEnd_IsEmptyWithTotal()
    {
        var (rows, total) = await Reader.ListUserAppsAsync(Bob, Acme, Options(ListUserApps.Query.Spec, ("per_page", "1"), ("page", "4")), CancellationToken.None);

        Assert.That((rows.Count, total), Is.EqualTo((0, 3L)));
    }

    [Test]
    public async Task GetUserApp_EarliestMappingOfThatApp_OrNull()
    {
        Assert.That((await Reader.GetUserAppAsync(Bob, new AppId(100), Acme, CancellationToken.None))?.Id, Is.EqualTo(new UserAppId(1000)));
        Assert.That(await Reader.GetUserAppAsync(new UserId(1), new AppId(101), Acme, CancellationToken.None), Is.Null, "Ada has no Jira identity");
        Assert.That(await Reader.GetUserAppAsync(Bob, new AppId(200), Acme, CancellationToken.None), Is.Null, "Globex app outside the scope");
    }

    [Test]
    public async Task UserGitApps_OnlySourceControlAppsWithAMapping()
    {
        var spec = ListUserGitApps.Query.Spec;
        var (both, total) = await Reader.ListUserGitAppsAsync(Bob, AcmeAndGlobex, Options(spec, ("order", "asc")), CancellationToken.None);
        var (acme, _) = await Reader.ListUserGitAppsAsync(Bob, Acme, Options(spec), CancellationToken.None);
        var (globex, _) = await Reader.ListUserGitAppsAsync(Bob, AcmeAndGlobex, Options(spec, ("organization_id", "org_2")), CancellationToken.None);
        var (inactive, _) = await Reader.ListUserGitAppsAsync(Bob, AcmeAndGlobex, Options(spec, ("is_active", "false")), CancellationToken.None);

        Assert.That((Ids(both), total), Is.EqualTo((new long[] { 100, 200 }, 2L)));
        Assert.That(Ids(acme), Is.EqualTo(new long[] { 100 }));
        Assert.That(Ids(globex), Is.EqualTo(new long[] { 200 }));
        Assert.That(inactive, Is.Empty);
    }

    [TestCase("asc", new long[] { 100, 200 })]
    [TestCase("desc", new long[] { 200, 100 })]
    public async Task UserGitApps_SortCreatedAt_TiesBrokenById(string order, long[] expected)
    {
        var (rows, _) = await Reader.ListUserGitAppsAsync(Bob, AcmeAndGlobex, Options(ListUserGitApps.Query.Spec, ("order", order)), CancellationToken.None);

        Assert.That(Ids(rows), Is.EqualTo(expected));
    }

    [Test]
    public void ColumnMaps_CoverEverySpecField()
    {
        Assert.Multiple(() =>
        {
            void Covers(QuerySpec spec, string map)
            {
                foreach (var field in spec.SortableFields.Concat(spec.Filters.Keys))
                    Assert.That(AppReader.ColumnsForTests[map].Contains(field), Is.True, $"{map}: {field}");
            }
            Covers(ListApps.Query.Spec, "apps");
            Covers(ListOrganizationApps.Query.Spec, "apps");
            Covers(ListUserGitApps.Query.Spec, "apps");
            Covers(ListUserApps.Query.Spec, "user_apps");
        });
    }
}
