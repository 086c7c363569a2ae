using Leanmote.Application.Teams;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Teams;
using Leanmote.IntegrationTests.PeopleSupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.People;

/// <summary>TeamReader against PostgreSQL: filters, sorts with ties, paging, member lists and tenant isolation.</summary>
[NonParallelizable]
public sealed class TeamReaderTests : PeopleDatabaseTest
{
    private static readonly long[] Acme = [PeopleWorld.Acme];
    private static readonly long[] AcmeAndGlobex = [PeopleWorld.Acme, PeopleWorld.Globex];

    private TeamReader Reader => new(Db, Retry);

    private static long[] Ids(IEnumerable<TeamView> rows) => [.. rows.Select(r => r.Id.Value)];
    private static long[] Ids(IEnumerable<TeamMemberView> rows) => [.. rows.Select(r => r.Id.Value)];
    private static long[] Ids(IEnumerable<UserTeamView> rows) => [.. rows.Select(r => r.Id.Value)];

    [TestCase("desc", new long[] { 12, 11, 10 })]
    [TestCase("asc", new long[] { 10, 11, 12 })]
    public async Task List_SortCreatedAt_TiesBrokenById(string order, long[] expected)
    {
        var (rows, total) = await Reader.ListAsync(Acme, Options(ListTeams.Query.Spec, ("order", order)), CancellationToken.None);

        Assert.That(Ids(rows), Is.EqualTo(expected));
        Assert.That(total, Is.EqualTo(3));
    }

    [TestCase("asc", new long[] { 12, 10, 11 })]
    [TestCase("desc", new long[] { 11, 10, 12 })]
    public async Task List_SortName_BothDirections(string order, long[] expected)
    {
        var (rows, _) = await Reader.ListAsync(Acme, Options(ListTeams.Query.Spec, ("sort", "name"), ("order", order)), CancellationToken.None);

        Assert.That(Ids(rows), Is.EqualTo(expected));
    }

    [Test]
    public async Task List_Row_HasEveryFieldAndMemberCount()
    {
        var (rows, _) = await Reader.ListAsync(Acme, Options(ListTeams.Query.Spec), CancellationToken.None);

        var web = rows.Single(r => r.Id == new TeamId(11));
        Assert.That(web, Is.EqualTo(new TeamView(new TeamId(11), new OrganizationId(1), "Web", null, new TeamId(10), 1,
            DateTimeOffset.Parse("2026-01-01T00:00:00Z"), DateTimeOffset.Parse("2026-01-01T00:00:00Z"))));
        Assert.That(rows.Single(r => r.Id == new TeamId(10)).MemberCount, Is.EqualTo(3));
        Assert.That(rows.Single(r => r.Id == new TeamId(12)).MemberCount, Is.Zero);
    }

    [Test]
    public async Task List_FilterOrganization_OnlyWithinTheScope()
    {
        var (globex, total) = await Reader.ListAsync(AcmeAndGlobex, Options(ListTeams.Query.Spec, ("organization_id", "org_2")), CancellationToken.None);
        var (foreign, none) = await Reader.ListAsync(Acme, Options(ListTeams.Query.Spec, ("organization_id", "org_3")), CancellationToken.None);

        Assert.That((Ids(globex), total), Is.EqualTo((new long[] { 20 }, 1L)));
        Assert.That((Ids(foreign), none), Is.EqualTo((Array.Empty<long>(), 0L)));
    }

    [Test]
    public async Task List_FilterParentTeam_ReturnsChildren()
    {
        var (rows, _) = await Reader.ListAsync(Acme, Options(ListTeams.Query.Spec, ("parent_team_id", "team_10")), CancellationToken.None);

        Assert.That(Ids(rows), Is.EqualTo(new long[] { 11 }));
    }

    [Test]
    public async Task List_PagePastTheEnd_IsEmptyWithTotal()
    {
        var (rows, total) = await Reader.ListAsync(Acme, Options(ListTeams.Query.Spec, ("per_page", "2"), ("page", "3")), CancellationToken.None);

        Assert.That(rows, Is.Empty);
        Assert.That(total, Is.EqualTo(3));
    }

    [Test]
    public async Task List_SecondPage_ContinuesWithoutOverlap()
    {
        var (first, _) = await Reader.ListAsync(Acme, Options(ListTeams.Query.Spec, ("per_page", "2")), CancellationToken.None);
        var (second, _) = await Reader.ListAsync(Acme, Options(ListTeams.Query.Spec, ("per_page", "2"), ("page", "2")), CancellationToken.None);

        Assert.That(Ids(first).Concat(Ids(second)), Is.EqualTo(new long[] { 12, 11, 10 }));
    }

    [Test]
    public async Task List_OtherOrganizationsRows_NeverAppear()
    {
        var (rows, _) = await Reader.ListAsync(AcmeAndGlobex, Options(ListTeams.Query.Spec, ("per_page", "100")), CancellationToken.None);

        Assert.That(rows.Select(r => r.OrganizationId.Value), Has.None.EqualTo(PeopleWorld.Initech));
        Assert.That(Ids(rows), Is.EquivalentTo(new long[] { 10, 11, 12, 20 }));
    }

    [Test]
    public async Task Get_InScope_ReturnsIt_OutOfScope_Null()
    {
        Assert.That((await Reader.GetAsync(new TeamId(10), Acme, CancellationToken.None))?.MemberCount, Is.EqualTo(3));
        Assert.That(await Reader.GetAsync(new TeamId(20), Acme, CancellationToken.None), Is.Null);
    }

    [TestCase("asc", new long[] { 1, 2, 3 })]
    [TestCase("desc", new long[] { 3, 2, 1 })]
    public async Task Members_SortCreatedAt_TiesBrokenById(string order, long[] expected)
    {
        var (rows, total) = await Reader.ListMembersAsync(new TeamId(10), false, Acme, Options(ListTeamMembers.Query.Spec, ("order", order)), CancellationToken.None);

        Assert.That(Ids(rows), Is.EqualTo(expected));
        Assert.That(total, Is.EqualTo(3));
    }

    [TestCase("name", "desc", new long[] { 3, 2, 1 })]
    [TestCase("email", "asc", new long[] { 3, 1, 2 })]
    [TestCase("email", "desc", new long[] { 2, 1, 3 })]
    public async Task Members_SortNameAndEmail(string sort, string order, long[] expected)
    {
        var (rows, _) = await Reader.ListMembersAsync(new TeamId(10), false, Acme, Options(ListTeamMembers.Query.Spec, ("sort", sort), ("order", order)), CancellationToken.None);

        Assert.That(Ids(rows), Is.EqualTo(expected));
    }

    [Test]
    public async Task Members_Filters_TeamRoleAndActive()
    {
        var (managers, _) = await Reader.ListMembersAsync(new TeamId(10), false, Acme, Options(ListTeamMembers.Query.Spec, ("team_role", "manager")), CancellationToken.None);
        var (inactive, _) = await Reader.ListMembersAsync(new TeamId(10), false, Acme, Options(ListTeamMembers.Query.Spec, ("is_active", "false")), CancellationToken.None);
        var (activeMembers, _) = await Reader.ListMembersAsync(new TeamId(10), false, Acme,
            Options(ListTeamMembers.Query.Spec, ("is_active", "true"), ("team_role", "member")), CancellationToken.None);

        Assert.That(Ids(managers), Is.EqualTo(new long[] { 1 }));
        Assert.That(Ids(inactive), Is.EqualTo(new long[] { 3 }));
        Assert.That(Ids(activeMembers), Is.EqualTo(new long[] { 2 }));
    }

    [Test]
    public async Task Members_Row_CarriesTheTeamRoleAndJoinedAt()
    {
        var (rows, _) = await Reader.ListMembersAsync(new TeamId(10), false, Acme, Options(ListTeamMembers.Query.Spec), CancellationToken.None);

        var ada = rows.Single(r => r.Id == new UserId(1));
        Assert.That((ada.Name, ada.Email, ada.TeamRole, ada.JoinedAt), Is.EqualTo(("Ada", "ada@acme.test", "manager", DateTimeOffset.Parse("2026-01-05T00:00:00Z"))));
    }

    [Test]
    public async Task Managers_OnlyManagers()
    {
        var (rows, total) = await Reader.ListMembersAsync(new TeamId(20), true, AcmeAndGlobex, Options(ListTeamManagers.Query.Spec), CancellationToken.None);

        Assert.That((Ids(rows), total), Is.EqualTo((new long[] { 4 }, 1L)));
    }

    [Test]
    public async Task Members_PagePastTheEnd_IsEmptyWithTotal()
    {
        var (rows, total) = await Reader.ListMembersAsync(new TeamId(10), false, Acme, Options(ListTeamMembers.Query.Spec, ("page", "2")), CancellationToken.None);

        Assert.That((rows.Count, total), Is.EqualTo((0, 3L)));
    }

    [Test]
    public async Task Members_TeamOutsideTheScope_IsEmpty()
    {
        var (rows, total) = await Reader.ListMembersAsync(new TeamId(30), false, AcmeAndGlobex, Options(ListTeamMembers.Query.Spec), CancellationToken.None);

        Assert.That((rows.Count, total), Is.EqualTo((0, 0L)));
    }

    [Test]
    public async Task GetMember_MemberOrNot()
    {
        Assert.That((await Reader.GetMemberAsync(new TeamId(10), new UserId(2), Acme, CancellationToken.None))?.TeamRole, Is.EqualTo("member"));
        Assert.That(await Reader.GetMemberAsync(new TeamId(10), new UserId(4), Acme, CancellationToken.None), Is.Null);
        Assert.That(await Reader.GetMemberAsync(new TeamId(30), new UserId(5), AcmeAndGlobex, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task OfUser_BoundedToTheScope()
    {
        var (both, total) = await Reader.ListOfUserAsync(new UserId(2), AcmeAndGlobex, Options(ListUserTeams.Query.Spec, ("order", "asc")), CancellationToken.None);
        var (acme, _) = await Reader.ListOfUserAsync(new UserId(2), Acme, Options(ListUserTeams.Query.Spec, ("order", "asc")), CancellationToken.None);

        Assert.That((Ids(both), total), Is.EqualTo((new long[] { 10, 11, 20 }, 3L)));
        Assert.That(Ids(acme), Is.EqualTo(new long[] { 10, 11 }));
    }

    [Test]
    public async Task OfUser_FiltersAndJoinedAtSort()
    {
        var spec = ListUserTeams.Query.Spec;
        var (managed, _) = await Reader.ListOfUserAsync(new UserId(2), AcmeAndGlobex, Options(spec, ("team_role", "manager")), CancellationToken.None);
        var (globex, _) = await Reader.ListOfUserAsync(new UserId(2), AcmeAndGlobex, Options(spec, ("organization_id", "org_2")), CancellationToken.None);
        var (children, _) = await Reader.ListOfUserAsync(new UserId(2), AcmeAndGlobex, Options(spec, ("parent_team_id", "team_10")), CancellationToken.None);
        var (byJoined, _) = await Reader.ListOfUserAsync(new UserId(2), AcmeAndGlobex, Options(spec, ("sort", "joined_at"), ("order", "asc")), CancellationToken.None);

        Assert.That(Ids(managed), Is.EqualTo(new long[] { 11 }));
        Assert.That(Ids(globex), Is.EqualTo(new long[] { 20 }));
        Assert.That(Ids(children), Is.EqualTo(new long[] { 11 }));
        Assert.That(Ids(byJoined), Is.EqualTo(new long[] { 11, 10, 20 }));
        Assert.That(byJoined[0].TeamRole, Is.EqualTo("manager"));
        Assert.That(byJoined[0].MemberCount, Is.EqualTo(1));
    }

    [Test]
    public async Task GetOfUser_RelationInScopeOnly()
    {
        var core = await Reader.GetOfUserAsync(new UserId(2), new TeamId(20), AcmeAndGlobex, CancellationToken.None);

        Assert.That((core?.Name, core?.TeamRole, core?.JoinedAt), Is.EqualTo(("Core", "member", (DateTimeOffset?)DateTimeOffset.Parse("2026-01-08T00:00:00Z"))));
        Assert.That(await Reader.GetOfUserAsync(new UserId(2), new TeamId(20), Acme, CancellationToken.None), Is.Null);
        Assert.That(await Reader.GetOfUserAsync(new UserId(2), new TeamId(12), Acme, CancellationToken.None), Is.Null, "a team the user is not in");
    }

    [Test]
    public void ColumnMaps_CoverEverySpecField()
    {
        Assert.Multiple(() =>
        {
            void Covers(Leanmote.Application.Common.Querying.QuerySpec spec, string map)
            {
                foreach (var field in spec.SortableFields.Concat(spec.Filters.Keys))
                    Assert.That(TeamReader.ColumnsForTests[map].Contains(field), Is.True, $"{map}: {field}");
            }
            Covers(ListTeams.Query.Spec, "teams");
            Covers(ListOrganizationTeams.Query.Spec, "teams");
            Covers(ListTeamMembers.Query.Spec, "members");
            Covers(ListTeamManagers.Query.Spec, "members");
            Covers(ListUserTeams.Query.Spec, "user_teams");
        });
    }
}
