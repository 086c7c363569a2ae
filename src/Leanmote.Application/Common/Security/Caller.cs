using Leanmote.Domain.Access;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Common.Security;

public sealed record Membership(OrganizationId OrganizationId, OrganizationRole Role);

/// <summary>The authenticated user of a request and the organizations they belong to.</summary>
public sealed record Caller(UserId UserId, CredentialId CredentialId, IReadOnlyList<Membership> Memberships)
{
    public OrganizationRole? RoleIn(OrganizationId organization)
    {
        foreach (var membership in Memberships)
        {
            if (membership.OrganizationId == organization) return membership.Role;
        }
        return null;
    }

    public IReadOnlyList<long> OrganizationIds => [.. Memberships.Select(m => m.OrganizationId.Value)];
}
