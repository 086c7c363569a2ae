using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.UnitTests.Application.Behaviours;

/// <summary>A message that any authorization rule can be attached to.</summary>
public sealed record ProbeRequest(AccessRequirement Access) : IQuery<Result<string>>, IAuthorizedRequest
{
    public static ProbeRequest Any { get; } = new(AccessRequirement.AnyCaller);
}

/// <summary>A hand-written <c>next</c> that records whether it ran.</summary>
public abstract class BehaviourTest
{
    protected int NextCalls { get; private set; }

    protected void ResetNext() => NextCalls = 0;

    protected ValueTask<Result<string>> Next(ProbeRequest message, CancellationToken ct)
    {
        NextCalls++;
        return ValueTask.FromResult<Result<string>>("handled");
    }

    protected static Caller CallerWith(long userId, params (long Org, OrganizationRole Role)[] memberships) =>
        new(new UserId(userId), new CredentialId(900), [.. memberships.Select(m => new Membership(new OrganizationId(m.Org), m.Role))]);
}
