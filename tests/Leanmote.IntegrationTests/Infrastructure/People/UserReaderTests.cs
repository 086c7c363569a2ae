using Leanmote.Application.Common.Querying;
using Leanmote.Application.Users;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Users;
using Leanmote.IntegrationTests.PeopleSupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.People;

/// <summary>UserReader against PostgreSQL: membership-bounded users (each once), filters, sorts, paging, isolation.</summary>
[NonParallelizable]
public sealed class UserReaderTests : PeopleDatabaseTest
{
    private static readonly long[] Acme = [PeopleWorld.Acme];
    private static readonly long[] AcmeAndGlobex = [PeopleWorld.Acme, PeopleWorld.Globex];
    private static readonly UserFilter None = new(null, null, null);

    private UserReader Reader => new(Db, Retry);

    private static long[] Ids(IEnumerable<UserView> rows) => [.. rows.Select(r => r.Id.Value)];

    private Task<(IReadOnlyList<UserView> Rows, long Total)> ListAsync(IReadOnlyList<long> scope, UserFilter filter, params (string, string)[] parameters) =>
        Reader.ListAsync(scope, filter, Options(ListUsers.Query.Spec, parameters), CancellationToken.None);

    [TestCase("created_at", "asc", new long[] { 6, 1, 2, 3 })]
    [TestCase("created_at", "desc", new long[] { 3, 2, 1, 6 })]
    [TestCase("name", "asc", new long[] { 1, 2, 3, 6 })]
    [TestCase("name", "desc", new long[] { 6, 3, 2, 1 })]
    [TestCase("email", "asc", new long[] { 3, 1, 2, 6 })]
    [TestCase("email", "desc", new long[] { 6, 2, 1, 3 })]
    public async Task List_Sorts_TiesBrokenById(string sort, string order, long[] expected)
    {
        var (rows, total) = await ListAsync(Acme, None, ("sort", sort), ("order", order));

        Assert.That(Ids(rows), Is.EqualTo(expected));
        Assert.That(total, Is.EqualTo(4));
    }

    [Test]
    public async Task List_UserInTwoOrganizations_AppearsOnce()
    {
        var (rows, total) = await ListAsync(AcmeAndGlobex, None, ("sort", "name"), ("order", "asc"));

        Assert.That(Ids(rows), Is.EqualTo(new long[] { 1, 2, 3, 4, 6 }));
        Assert.That(total, Is.EqualTo(5));
    }

    [Test]
    public async Task List_OtherOrganizationsUsers_NeverAppear()
    {
        var (rows, _) = await ListAsync(AcmeAndGlobex, None, ("per_page", "100"));

        Assert.That(Ids(rows), Does.Not.Contain(5L));
    }

    [Test]
    public async Task List_FilterOrganization_IntersectsTheScope()
    {
        var (globex, _) = await ListAsync(AcmeAndGlobex, new UserFilter(PeopleWorld.Globex, null, null), ("order", "asc"));
        var (foreign, total) = await ListAsync(Acme, new UserFilter(PeopleWorld.Initech, null, null));

        Assert.That(Ids(globex), Is.EqualTo(new long[] { 2, 4 }));
        Assert.That((foreign.Count, total), Is.EqualTo((0, 0L)));
    }

    [Test]
    public async Task List_FilterTeam_MembersOfThatTeamInTheScope()
    {
        var (platform, _) = await ListAsync(Acme, new UserFilter(null, 10, null), ("order", "asc"));
        var (core, _) = await ListAsync(AcmeAndGlobex, new UserFilter(null, 20, null), ("order", "asc"));
        var (coreOutOfScope, _) = await ListAsync(Acme, new UserFilter(null, 20, null));
        var (coreInAcme, _) = await ListAsync(AcmeAndGlobex, new UserFilter(PeopleWorld.Acme, 20, null));

        Assert.That(Ids(platform), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(Ids(core), Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(coreOutOfScope, Is.Empty);
        Assert.That(coreInAcme, Is.Empty, "team of Globex with organization_id=Acme");
    }

    [TestCase("BOB@example.COM", new long[] { 2 })]
    [TestCase("bob@example.com", new long[] { 2 })]
    [TestCase("bob@example", new long[0])]
    [TestCase("eve@initech.test", new long[0])]
    public async Task List_FilterEmail_CaseInsensitiveEquality(string email, long[] expected)
    {
        var (rows, _) = await ListAsync(AcmeAndGlobex, new UserFilter(null, null, email));

        Assert.That(Ids(rows), Is.EqualTo(expected));
    }

    [TestCase("false", new long[] { 3 })]
    [TestCase("true", new long[] { 6, 1, 2 })]
    public async Task List_FilterActive(string value, long[] expected)
    {
        var (rows, _) = await ListAsync(Acme, None, ("is_active", value), ("order", "asc"));

        Assert.That(Ids(rows), Is.EqualTo(expected));
    }

    [Test]
    public async Task List_FilterActiveTogetherWithTeam()
    {
        var (rows, total) = await ListAsync(Acme, new UserFilter(null, 10, null), ("is_active", "true"), ("order", "asc"));

        Assert.That((Ids(rows), total), Is.EqualTo((new long[] { 1, 2 }, 2L)));
    }

    [Test]
    public async Task List_PagePastTheEnd_IsEmptyWithTotal()
    {
        var (rows, total) = await ListAsync(Acme, None, ("per_page", "3"), ("page", "3"));

        Assert.That((rows.Count, total), Is.EqualTo((0, 4L)));
    }

    [Test]
    public async Task Get_ReturnsEveryField()
    {
        var cy = await Reader.GetAsync(new UserId(3), CancellationToken.None);

        var at = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
        Assert.That(cy, Is.EqualTo(new UserView(new UserId(3), "Cy", "a-cy@acme.test", null, null, false, false, null, at, at)));
        Assert.That(await Reader.GetAsync(new UserId(99), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Organizations_OfTheUser_WithRole_BoundedToTheScope()
    {
        var spec = ListUserOrganizations.Query.Spec;
        var (both, total) = await Reader.ListOrganizationsAsync(new UserId(2), AcmeAndGlobex, Options(spec, ("sort", "name"), ("order", "asc")), CancellationToken.None);
        var (acme, _) = await Reader.ListOrganizationsAsync(new UserId(2), Acme, Options(spec), CancellationToken.None);
        var (collaborator, _) = await Reader.ListOrganizationsAsync(new UserId(2), AcmeAndGlobex, Options(spec, ("role", "collaborator")), CancellationToken.None);

        Assert.That(both.Select(o => (o.Id.Value, o.Name, o.Role)), Is.EqualTo(new[] { (1L, "Acme", OrganizationRole.Manager), (2L, "Globex", OrganizationRole.Collaborator) }));
        Assert.That(total, Is.EqualTo(2));
        Assert.That(acme.Select(o => o.Id.Value), Is.EqualTo(new[] { 1L }));
        Assert.That(collaborator.Select(o => o.Id.Value), Is.EqualTo(new[] { 2L }));
    }

    [TestCase("asc", new long[] { 1, 2 })]
    [TestCase("desc", new long[] { 2, 1 })]
    public async Task Organizations_SortCreatedAt_TiesBrokenById(string order, long[] expected)
    {
        var (rows, _) = await Reader.ListOrganizationsAsync(new UserId(2), AcmeAndGlobex, Options(ListUserOrganizations.Query.Spec, ("order", order)), CancellationToken.None);

        Assert.That(rows.Select(o => o.Id.Value), Is.EqualTo(expected));
    }

    [Test]
    public async Task Organizations_PagePastTheEnd_IsEmptyWithTotal()
    {
        var (rows, total) = await Reader.ListOrganizationsAsync(new UserId(2), AcmeAndGlobex, Options(ListUserOrganizations.Query.Spec, ("page", "2")), CancellationToken.None);

        Assert.That((rows.Count, total), Is.EqualTo((0, 2L)));
    }

    [Test]
    public void ColumnMaps_CoverEverySpecField()
    {
        string[] membershipFilters = ["organization_id", "team_id"];
        Assert.Multiple(() =>
        {
            void Covers(QuerySpec spec, string map, IEnumerable<string> appliedElsewhere)
            {
                foreach (var field in spec.SortableFields.Concat(spec.Filters.Keys).Except(appliedElsewhere))
                    Assert.That(UserReader.ColumnsForTests[map].Contains(field), Is.True, $"{map}: {field}");
            }
            Covers(ListUsers.Query.Spec, "users", membershipFilters);
            Covers(ListUserOrganizations.Query.Spec, "organizations", []);
        });
    }
}
