using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Behaviours;

/// <summary><see cref="AccessRequirement.All"/>: every part must hold, the first refusal answers, the scope is what all parts allow.</summary>
[TestFixture]
public sealed class AuthorizationBehaviourAllOfTests : BehaviourTest
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

    private static AccessRequirement UserAndTeam => AccessRequirement.All(
        AccessRequirement.MemberOfOwner(ResourceKind.User, "usr_7"), AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_8"));

    [Test]
    public async Task Handle_BothHold_ScopeIsTheOrganizationsBothAllow()
    {
        Owners(ResourceKind.User, 7, 1, 2);
        Owners(ResourceKind.Team, 8, 2);

        var error = await RunAsync(UserAndTeam);

        Assert.That((error, NextCalls), Is.EqualTo(((Error?)null, 1)));
        Assert.That(_request.Scope, Is.EqualTo(new long[] { 2 }));
    }

    [Test]
    public async Task Handle_SecondResourceOfAnotherOrganization_IsForbidden()
    {
        Owners(ResourceKind.User, 7, 1, 3);
        Owners(ResourceKind.Team, 8, 3);

        var error = await RunAsync(UserAndTeam);

        Assert.That((error?.Code, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.Forbidden, 0)));
        Assert.That(_request.Scope, Is.Empty);
    }

    [Test]
    public async Task Handle_FirstPartRefuses_SecondIsNotLookedUp()
    {
        Owners(ResourceKind.User, 7, null);

        var error = await RunAsync(UserAndTeam);

        Assert.That((error?.Code, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.NotFound, 0)));
        _access.Verify(a => a.FindOwnersAsync(ResourceKind.Team, It.IsAny<long>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_SecondResourceMissing_IsNotFound()
    {
        Owners(ResourceKind.User, 7, 1);
        Owners(ResourceKind.Team, 8, null);

        Assert.That((await RunAsync(UserAndTeam))?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public void All_ComparesItsPartsInOrder()
    {
        var user = AccessRequirement.MemberOfOwner(ResourceKind.User, "usr_7");
        var team = AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_8");
        Assert.Multiple(() =>
        {
            var twin = AccessRequirement.All(AccessRequirement.MemberOfOwner(ResourceKind.User, "usr_7"), AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_8"));
            Assert.That(AccessRequirement.All(user, team), Is.EqualTo(twin));
            Assert.That(AccessRequirement.All(user, team).GetHashCode(), Is.EqualTo(twin.GetHashCode()));
            Assert.That(AccessRequirement.All(user, team), Is.Not.EqualTo(AccessRequirement.All(team, user)));
        });
    }
}
