using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Behaviours;

/// <summary>The people-private rules of ADR 0010: PeoplePrivate, OwnerOrAdmin and PeoplePrivateList.</summary>
[TestFixture]
public sealed class AuthorizationBehaviourPeopleTests
{
    private const long OrgA = 1, OrgB = 2, Me = 10, TeamMate = 11, Stranger = 12, ResourceId = 500;

    private sealed record Probe(AccessRequirement Access) : IQuery<Result<string>>, IAuthorizedRequest;

    private Mock<IAccessReader> _access = null!;
    private RequestContext _request = null!;
    private bool _nextCalled;

    [SetUp]
    public void SetUp()
    {
        _access = new Mock<IAccessReader>(MockBehavior.Strict);
        _request = new RequestContext();
        _nextCalled = false;
    }

    private void CallerIs(params (long Org, OrganizationRole Role)[] memberships) =>
        _request.Caller = new Caller(new UserId(Me), new CredentialId(1), [.. memberships.Select(m => new Membership(new OrganizationId(m.Org), m.Role))]);

    private void Resource(ResourceKind kind, long owner, long[]? people)
    {
        _access.Setup(a => a.FindOwnersAsync(kind, ResourceId, It.IsAny<CancellationToken>())).ReturnsAsync(new[] { owner });
        _access.Setup(a => a.FindPeopleAsync(kind, ResourceId, It.IsAny<CancellationToken>())).ReturnsAsync(people);
    }

    private void ManagesTeamWith(long org, params long[] members) =>
        _access.Setup(a => a.FindVisiblePeopleAsync(new UserId(Me), It.Is<IReadOnlyList<long>>(o => o.SequenceEqual(new[] { org })), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new VisiblePerson(org, Me), .. members.Select(m => new VisiblePerson(org, m))]);

    private async Task<Result<string>> SendAsync(AccessRequirement access)
    {
        var behaviour = new AuthorizationBehaviour<Probe, Result<string>>(_access.Object, _request);
        return await behaviour.Handle(new Probe(access), (_, _) =>
        {
            _nextCalled = true;
            return ValueTask.FromResult(Result<string>.Success("ok"));
        }, CancellationToken.None);
    }

    [TestCase(OrganizationRole.Admin)]
    [TestCase(OrganizationRole.Manager)]
    public async Task PeoplePrivate_AdminOrManagerOfTheOwner_SeesAnyonesResource(OrganizationRole role)
    {
        CallerIs((OrgA, role));
        Resource(ResourceKind.Interaction, OrgA, [Stranger]);
        var result = await SendAsync(AccessRequirement.PeoplePrivate(ResourceKind.Interaction, $"int_{ResourceId}"));
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(_request.Scope, Is.EqualTo(new[] { OrgA }));
        _access.Verify(a => a.FindPeopleAsync(It.IsAny<ResourceKind>(), It.IsAny<long>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task PeoplePrivate_CollaboratorsOwnResource_IsAllowed()
    {
        CallerIs((OrgA, OrganizationRole.Collaborator));
        Resource(ResourceKind.Calendar, OrgA, [Me]);
        var result = await SendAsync(AccessRequirement.PeoplePrivate(ResourceKind.Calendar, $"cal_{ResourceId}"));
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(_nextCalled, Is.True);
    }

    [Test]
    public async Task PeoplePrivate_ResourceOfAMemberOfATeamTheCollaboratorManages_IsAllowed()
    {
        CallerIs((OrgA, OrganizationRole.Collaborator));
        Resource(ResourceKind.CalendarEvent, OrgA, [Stranger, TeamMate]);
        ManagesTeamWith(OrgA, TeamMate);
        var result = await SendAsync(AccessRequirement.PeoplePrivate(ResourceKind.CalendarEvent, $"evt_{ResourceId}"));
        Assert.That(result.IsSuccess, Is.True);
    }

    [Test]
    public async Task PeoplePrivate_SomeoneElsesResource_IsForbiddenAndNextIsNotCalled()
    {
        CallerIs((OrgA, OrganizationRole.Collaborator));
        Resource(ResourceKind.Interaction, OrgA, [Stranger]);
        ManagesTeamWith(OrgA, TeamMate);
        var result = await SendAsync(AccessRequirement.PeoplePrivate(ResourceKind.Interaction, $"int_{ResourceId}"));
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.Forbidden));
        Assert.That(_nextCalled, Is.False);
    }

    [Test]
    public async Task PeoplePrivate_ManagerOfAnotherOrganization_IsForbidden()
    {
        CallerIs((OrgB, OrganizationRole.Manager));
        Resource(ResourceKind.Interaction, OrgA, [Me]);
        var result = await SendAsync(AccessRequirement.PeoplePrivate(ResourceKind.Interaction, $"int_{ResourceId}"));
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.Forbidden));
    }

    [TestCase("int_abc")]
    [TestCase("cal_500")]
    public async Task PeoplePrivate_UnparseableOrWrongPrefix_IsNotFound(string raw)
    {
        CallerIs((OrgA, OrganizationRole.Admin));
        var result = await SendAsync(AccessRequirement.PeoplePrivate(ResourceKind.Interaction, raw));
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task PeoplePrivate_Nonexistent_IsNotFound()
    {
        CallerIs((OrgA, OrganizationRole.Admin));
        _access.Setup(a => a.FindOwnersAsync(ResourceKind.Interaction, ResourceId, It.IsAny<CancellationToken>())).ReturnsAsync((IReadOnlyList<long>?)null);
        var result = await SendAsync(AccessRequirement.PeoplePrivate(ResourceKind.Interaction, $"int_{ResourceId}"));
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task OwnerOrAdmin_SomeoneElsesPrivateView_ForbiddenEvenForManagersAndTeamManagers()
    {
        CallerIs((OrgA, OrganizationRole.Manager));
        Resource(ResourceKind.DashboardView, OrgA, [TeamMate]);
        var result = await SendAsync(AccessRequirement.OwnerOrAdmin(ResourceKind.DashboardView, $"view_{ResourceId}"));
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.Forbidden));
        _access.Verify(a => a.FindVisiblePeopleAsync(It.IsAny<UserId>(), It.IsAny<IReadOnlyList<long>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task OwnerOrAdmin_AdminOfTheOrganization_SeesAPrivateView()
    {
        CallerIs((OrgA, OrganizationRole.Admin));
        Resource(ResourceKind.DashboardView, OrgA, [Stranger]);
        Assert.That((await SendAsync(AccessRequirement.OwnerOrAdmin(ResourceKind.DashboardView, $"view_{ResourceId}"))).IsSuccess, Is.True);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task OwnerOrAdmin_SharedOrOwnView_IsAllowedForAnyMember(bool shared)
    {
        CallerIs((OrgA, OrganizationRole.Collaborator));
        Resource(ResourceKind.DashboardView, OrgA, shared ? null : [Me]);
        Assert.That((await SendAsync(AccessRequirement.OwnerOrAdmin(ResourceKind.DashboardView, $"view_{ResourceId}"))).IsSuccess, Is.True);
    }

    [Test]
    public async Task PeoplePrivateList_AdminOrManagerEverywhere_OpensEveryOrganizationWithoutALookup()
    {
        CallerIs((OrgA, OrganizationRole.Admin), (OrgB, OrganizationRole.Manager));
        var result = await SendAsync(AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller));
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(_request.People.OpenOrganizationIds, Is.EqualTo(new[] { OrgA, OrgB }));
        Assert.That(_request.People.People, Is.Empty);
        _access.Verify(a => a.FindVisiblePeopleAsync(It.IsAny<UserId>(), It.IsAny<IReadOnlyList<long>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task PeoplePrivateList_MixedRoles_OpensManagedOrganizationsAndListsPeopleOfTheOthers()
    {
        CallerIs((OrgA, OrganizationRole.Manager), (OrgB, OrganizationRole.Collaborator));
        ManagesTeamWith(OrgB, TeamMate);
        var result = await SendAsync(AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller));
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(_request.Scope, Is.EqualTo(new[] { OrgA, OrgB }));
        Assert.That(_request.People.OpenOrganizationIds, Is.EqualTo(new[] { OrgA }));
        Assert.That(_request.People.People, Is.EquivalentTo(new[] { new VisiblePerson(OrgB, Me), new VisiblePerson(OrgB, TeamMate) }));
    }

    [Test]
    public async Task PeoplePrivateList_InnerRequirementFails_FailsTheSameWayWithoutComputingPeople()
    {
        CallerIs((OrgA, OrganizationRole.Collaborator));
        _access.Setup(a => a.FindOwnersAsync(ResourceKind.Team, 7, It.IsAny<CancellationToken>())).ReturnsAsync(new[] { OrgB });
        var result = await SendAsync(AccessRequirement.PeoplePrivateList(AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_7")));
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.Forbidden));
        Assert.That(_request.People, Is.SameAs(PeopleVisibility.Nobody));
        Assert.That(_nextCalled, Is.False);
    }

    [Test]
    public void RequestContext_WithoutAPeopleRule_SeesNobody()
    {
        Assert.That(new RequestContext().People, Is.SameAs(PeopleVisibility.Nobody));
        Assert.That(PeopleVisibility.Nobody.Sees(OrgA, [Me]), Is.False);
    }
}
