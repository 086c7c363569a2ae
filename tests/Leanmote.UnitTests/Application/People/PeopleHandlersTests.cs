using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Integrations;
using Leanmote.Application.Teams;
using Leanmote.Application.Users;
using Leanmote.Domain.Common;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.People;

/// <summary>Handlers of the Teams, Users and Integrations use cases: access declarations, sub-resource 404s, scope and filters passed on.</summary>
[TestFixture]
public sealed class PeopleHandlersTests
{
    private static readonly RequestContext Scoped = new() { Scope = [3, 4] };

    private static QueryOptions Parse(QuerySpec spec, params (string, string)[] parameters) =>
        QueryOptionsParser.Parse(spec, QueryParameters.Of(parameters)).Value;

    [Test]
    public void Access_DeclaresTheOwningResource()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ListTeams.Query(QueryParameters.Empty).Access, Is.SameAs(AccessRequirement.AnyCaller));
            Assert.That(new ListUsers.Query(QueryParameters.Empty).Access, Is.SameAs(AccessRequirement.AnyCaller));
            Assert.That(new ListApps.Query(QueryParameters.Empty).Access, Is.SameAs(AccessRequirement.AnyCaller));
            Assert.That(new GetTeam.Query("team_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_1")));
            Assert.That(new GetTeamMember.Query("team_1", "usr_2", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.All(
                AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_1"), AccessRequirement.MemberOfOwner(ResourceKind.User, "usr_2"))));
            Assert.That(new ListTeamManagers.Query("team_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_1")));
            Assert.That(new GetApp.Query("app_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.MemberOfOwner(ResourceKind.App, "app_1")));
            Assert.That(new ListOrganizationTeams.Query("org_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.MemberOfOwner(ResourceKind.Organization, "org_1")));
            Assert.That(new ListOrganizationApps.Query("org_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.MemberOfOwner(ResourceKind.Organization, "org_1")));
            var user = AccessRequirement.MemberOfOwner(ResourceKind.User, "usr_2");
            Assert.That(new GetUser.Query("usr_2", QueryParameters.Empty).Access, Is.EqualTo(user));
            Assert.That(new ListUserOrganizations.Query("usr_2", QueryParameters.Empty).Access, Is.EqualTo(user));
            Assert.That(new ListUserTeams.Query("usr_2", QueryParameters.Empty).Access, Is.EqualTo(user));
            Assert.That(new GetUserTeam.Query("usr_2", "team_1", QueryParameters.Empty).Access,
                Is.EqualTo(AccessRequirement.All(user, AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_1"))));
            Assert.That(new ListUserApps.Query("usr_2", QueryParameters.Empty).Access, Is.EqualTo(user));
            Assert.That(new GetUserApp.Query("usr_2", "app_1", QueryParameters.Empty).Access,
                Is.EqualTo(AccessRequirement.All(user, AccessRequirement.MemberOfOwner(ResourceKind.App, "app_1"))));
            Assert.That(new ListUserGitApps.Query("usr_2", QueryParameters.Empty).Access, Is.EqualTo(user));
        });
    }

    [Test]
    public void OrganizationSubLists_HaveNoOrganizationFilter_TopLevelListsDo()
    {
        Assert.That(ListOrganizationTeams.Query.Spec.Filters.ContainsKey("organization_id"), Is.False);
        Assert.That(ListOrganizationApps.Query.Spec.Filters.ContainsKey("organization_id"), Is.False);
        Assert.That(ListTeams.Query.Spec.Filters.ContainsKey("organization_id"), Is.True);
        Assert.That(ListApps.Query.Spec.Filters.ContainsKey("organization_id"), Is.True);
        Assert.That(ListTeamManagers.Query.Spec.Filters.ContainsKey("team_role"), Is.False);
    }

    [Test]
    public async Task GetTeam_Missing_ReturnsNotFound()
    {
        var reader = new Mock<ITeamReader>();
        var result = await new GetTeam.Handler(reader.Object, Scoped).Handle(new GetTeam.Query("team_9", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [TestCase("usr_x")]
    [TestCase("team_2")]
    [TestCase("usr_2")]
    public async Task GetTeamMember_BadUserIdOrNotAMember_ReturnsNotFound(string userId)
    {
        var reader = new Mock<ITeamReader>();
        var result = await new GetTeamMember.Handler(reader.Object, Scoped).Handle(new GetTeamMember.Query("team_1", userId, QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task GetUserTeam_UnparseableTeam_NeverReadsAndReturnsNotFound()
    {
        var reader = new Mock<ITeamReader>(MockBehavior.Strict);
        var result = await new GetUserTeam.Handler(reader.Object, Scoped).Handle(new GetUserTeam.Query("usr_1", "app_1", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task GetUserApp_NoMapping_ReturnsNotFound()
    {
        var reader = new Mock<IAppReader>();
        reader.Setup(r => r.GetUserAppAsync(new UserId(1), new AppId(5), new long[] { 3, 4 }, It.IsAny<CancellationToken>())).ReturnsAsync((UserAppView?)null);
        var result = await new GetUserApp.Handler(reader.Object, Scoped).Handle(new GetUserApp.Query("usr_1", "app_5", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task ListTeamManagers_AsksForManagersOnlyWithTheScope()
    {
        var reader = new Mock<ITeamReader>();
        reader.Setup(r => r.ListMembersAsync(new TeamId(7), true, new long[] { 3, 4 }, QueryOptions.Unset, It.IsAny<CancellationToken>())).ReturnsAsync(([], 2L));
        var result = await new ListTeamManagers.Handler(reader.Object, Scoped).Handle(new ListTeamManagers.Query("team_7", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Value.Total, Is.EqualTo(2));
    }

    [Test]
    public async Task ListUsers_MembershipFiltersGoToTheReaderAsTypedValues_RestStayInOptions()
    {
        var options = Parse(ListUsers.Query.Spec, ("organization_id", "org_3"), ("team_id", "team_8"), ("email", "A@B.test"), ("is_active", "true"));
        var reader = new Mock<IUserReader>();
        UserFilter? seenFilter = null;
        QueryOptions? seenOptions = null;
        reader.Setup(r => r.ListAsync(It.IsAny<IReadOnlyList<long>>(), It.IsAny<UserFilter>(), It.IsAny<QueryOptions>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<long> _, UserFilter f, QueryOptions o, CancellationToken _) => (seenFilter, seenOptions) = (f, o))
            .ReturnsAsync(([], 0L));
        var query = new ListUsers.Query(QueryParameters.Empty).WithOptions(options);

        var result = await new ListUsers.Handler(reader.Object, Scoped).Handle(query, CancellationToken.None);

        Assert.That(seenFilter, Is.EqualTo(new UserFilter(3, 8, "A@B.test")));
        Assert.That(seenOptions!.Filters.Select(f => f.Field), Is.EqualTo(new[] { "is_active" }));
        Assert.That(result.Value.Options, Is.SameAs(options), "meta echoes the request's options");
    }

    [Test]
    public async Task GetUser_Missing_ReturnsNotFound()
    {
        var reader = new Mock<IUserReader>();
        var result = await new GetUser.Handler(reader.Object).Handle(new GetUser.Query("usr_4", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }
}
