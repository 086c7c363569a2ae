using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Behaviours;

[TestFixture]
public sealed class AuthorizationBehaviourTests : BehaviourTest
{
    private Mock<IAccessReader> _access = null!;
    private RequestContext _request = null!;

    [SetUp]
    public void SetUp()
    {
        ResetNext();
        _access = new Mock<IAccessReader>(MockBehavior.Strict);
        // user 5: admin of org 1, collaborator of org 2
        _request = new RequestContext { Caller = CallerWith(5, (1, OrganizationRole.Admin), (2, OrganizationRole.Collaborator)) };
    }

    private void Owners(ResourceKind kind, long id, params long[]? owners) =>
        _access.Setup(a => a.FindOwnersAsync(kind, id, It.IsAny<CancellationToken>())).ReturnsAsync(owners);

    private async Task<Error?> RunAsync(AccessRequirement requirement) =>
        (await new AuthorizationBehaviour<ProbeRequest, Result<string>>(_access.Object, _request)
            .Handle(new ProbeRequest(requirement), Next, CancellationToken.None)).Error;

    private void AssertRefused(Error? error, ErrorCode code)
    {
        Assert.That((error?.Code, NextCalls), Is.EqualTo(((ErrorCode?)code, 0)));
        Assert.That(_request.Scope, Is.Empty);
    }

    private void AssertAllowed(Error? error, params long[] scope)
    {
        Assert.That((error, NextCalls), Is.EqualTo(((Error?)null, 1)));
        Assert.That(_request.Scope, Is.EqualTo(scope));
    }

    [Test]
    public async Task Handle_AnyCaller_ScopesToEveryOrganizationOfTheCaller() =>
        AssertAllowed(await RunAsync(AccessRequirement.AnyCaller), 1, 2);

    [TestCase("team_x")]
    [TestCase("usr_7")]
    [TestCase("team_07")]
    [TestCase("team_-1")]
    [TestCase("")]
    [TestCase("team_99999999999999999999")]
    public async Task Handle_UnparseableId_IsNotFoundWithoutLookup(string raw)
    {
        AssertRefused(await RunAsync(AccessRequirement.MemberOfOwner(ResourceKind.Team, raw)), ErrorCode.NotFound);
        _access.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_NonexistentResource_IsNotFound()
    {
        Owners(ResourceKind.Team, 7, null);
        AssertRefused(await RunAsync(AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_7")), ErrorCode.NotFound);
    }

    [Test]
    public async Task Handle_ResourceOfAnotherOrganization_IsForbidden()
    {
        Owners(ResourceKind.Team, 7, 3);
        AssertRefused(await RunAsync(AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_7")), ErrorCode.Forbidden);
    }

    [Test]
    public async Task Handle_InsufficientRole_IsForbidden()
    {
        Owners(ResourceKind.Team, 7, 2);
        AssertRefused(await RunAsync(AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_7", OrganizationRole.Manager)), ErrorCode.Forbidden);
    }

    [Test]
    public async Task Handle_MemberOfOwner_ScopesToTheOwningOrganization()
    {
        Owners(ResourceKind.Team, 7, 2);
        AssertAllowed(await RunAsync(AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_7")), 2);
    }

    [Test]
    public async Task Handle_UserInSeveralOrganizations_ScopesToThoseWithEnoughRole()
    {
        Owners(ResourceKind.User, 8, 1, 2, 3);
        AssertAllowed(await RunAsync(AccessRequirement.MemberOfOwner(ResourceKind.User, "usr_8", OrganizationRole.Manager)), 1);
    }

    [Test]
    public async Task Handle_MemberOfOwnerOnSelfWithoutSharedOrganization_IsAllowed()
    {
        Owners(ResourceKind.User, 5);
        AssertAllowed(await RunAsync(AccessRequirement.MemberOfOwner(ResourceKind.User, "usr_5")), 1, 2);
    }

    [TestCase("5")]
    [TestCase("org_5")]
    [TestCase("usr_05")]
    public async Task Handle_SelfOrAdminUnparseableUser_IsNotFound(string raw)
    {
        AssertRefused(await RunAsync(AccessRequirement.SelfOrAdminOf(raw)), ErrorCode.NotFound);
        _access.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_SelfOrAdminNonexistentUser_IsNotFound()
    {
        Owners(ResourceKind.User, 8, null);
        AssertRefused(await RunAsync(AccessRequirement.SelfOrAdminOf("usr_8")), ErrorCode.NotFound);
    }

    [Test]
    public async Task Handle_SelfOrAdminOnSelf_IsAllowedWithCallersScope()
    {
        Owners(ResourceKind.User, 5, 1, 2);
        AssertAllowed(await RunAsync(AccessRequirement.SelfOrAdminOf("usr_5")), 1, 2);
    }

    [Test]
    public async Task Handle_SelfOrAdminOnSelfWithoutOrganizations_IsAllowed()
    {
        _request.Caller = CallerWith(5);
        Owners(ResourceKind.User, 5);
        AssertAllowed(await RunAsync(AccessRequirement.SelfOrAdminOf("usr_5")));
    }

    [Test]
    public async Task Handle_SelfOrAdminAsAdminOfSharedOrganization_ScopesToAdministeredOnes()
    {
        Owners(ResourceKind.User, 8, 1, 2);
        AssertAllowed(await RunAsync(AccessRequirement.SelfOrAdminOf("usr_8")), 1);
    }

    [Test]
    public async Task Handle_SelfOrAdminAsCollaboratorOfSharedOrganization_IsForbidden()
    {
        Owners(ResourceKind.User, 8, 2);
        AssertRefused(await RunAsync(AccessRequirement.SelfOrAdminOf("usr_8")), ErrorCode.Forbidden);
    }

    [Test]
    public async Task Handle_SelfOrAdminAsManagerOfSharedOrganization_IsForbidden()
    {
        _request.Caller = CallerWith(5, (1, OrganizationRole.Manager));
        Owners(ResourceKind.User, 8, 1);
        AssertRefused(await RunAsync(AccessRequirement.SelfOrAdminOf("usr_8")), ErrorCode.Forbidden);
    }

    [Test]
    public async Task Handle_SelfOrAdminOfUserWithoutSharedOrganization_IsForbidden()
    {
        Owners(ResourceKind.User, 8, 3);
        AssertRefused(await RunAsync(AccessRequirement.SelfOrAdminOf("usr_8")), ErrorCode.Forbidden);
    }

    [Test]
    public async Task Handle_MemberOfOrganizationWithoutIdForSoleMember_ScopesToIt()
    {
        _request.Caller = CallerWith(5, (4, OrganizationRole.Manager));
        AssertAllowed(await RunAsync(AccessRequirement.MemberOfOrganization(null, OrganizationRole.Manager)), 4);
    }

    [Test]
    public async Task Handle_MemberOfOrganizationWithoutIdForSeveral_IsValidationError()
    {
        var error = await RunAsync(AccessRequirement.MemberOfOrganization(null, OrganizationRole.Collaborator));
        AssertRefused(error, ErrorCode.Validation);
        Assert.That(error!.Details![0].Field, Is.EqualTo("organization_id"));
    }

    [Test]
    public async Task Handle_MemberOfOrganizationLowRole_IsForbidden() =>
        AssertRefused(await RunAsync(AccessRequirement.MemberOfOrganization("org_2", OrganizationRole.Manager)), ErrorCode.Forbidden);

    [Test]
    public async Task Handle_MemberOfOrganizationUnknownId_IsValidationError()
    {
        Owners(ResourceKind.Organization, 9, null);
        AssertRefused(await RunAsync(AccessRequirement.MemberOfOrganization("org_9", OrganizationRole.Collaborator)), ErrorCode.Validation);
    }

    [Test]
    public async Task Handle_MemberOfOrganizationNotMember_IsForbidden()
    {
        Owners(ResourceKind.Organization, 9, 9);
        AssertRefused(await RunAsync(AccessRequirement.MemberOfOrganization("org_9", OrganizationRole.Collaborator)), ErrorCode.Forbidden);
    }

    [Test]
    public async Task Handle_MemberOfOrganizationMalformedId_IsValidationError() =>
        AssertRefused(await RunAsync(AccessRequirement.MemberOfOrganization("team_1", OrganizationRole.Collaborator)), ErrorCode.Validation);
}
