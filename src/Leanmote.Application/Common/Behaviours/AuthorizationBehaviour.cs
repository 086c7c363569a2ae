using Leanmote.Application.Access;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Common.Behaviours;

/// <summary>
/// Evaluates the request's declared <see cref="AccessRequirement"/> (rest-api.md §4): 404 when the resource
/// does not exist (or its id does not parse), 403 when it exists but is not the caller's. On success the
/// request's scope is the set of organizations its reads may touch, and for people-private lists the
/// request's <see cref="RequestContext.People"/> says whose rows they may return (ADR 0010).
/// </summary>
internal sealed class AuthorizationBehaviour<TMessage, TResponse>(IAccessReader access, RequestContext request)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IAuthorizedRequest, IMessage
    where TResponse : IFailable<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var caller = request.RequireCaller();
        var verdict = await EvaluateAsync(caller, message.Access, cancellationToken);
        if (verdict.Error is not null) return TResponse.Fail(verdict.Error);
        request.Scope = verdict.Scope;
        return await next(message, cancellationToken);
    }

    private async Task<(IReadOnlyList<long> Scope, Error? Error)> EvaluateAsync(Caller caller, AccessRequirement requirement, CancellationToken ct)
    {
        switch (requirement)
        {
            case AnyCallerRequirement:
                return (caller.OrganizationIds, null);

            case MemberOfOwnerRequirement rule:
            {
                if (!ResourceKinds.TryParse(rule.Kind, rule.RawId, out var id)) return ([], Error.NotFound());
                // the caller's own organization exists by definition: no lookup needed on the hot path
                if (rule.Kind == ResourceKind.Organization && caller.RoleIn(new OrganizationId(id)) is { } role)
                    return role >= rule.MinimumRole ? ([id], null) : ([], Error.Forbidden());
                var owners = await access.FindOwnersAsync(rule.Kind, id, ct);
                if (owners is null) return ([], Error.NotFound());
                var allowed = owners.Where(o => caller.RoleIn(new OrganizationId(o)) >= rule.MinimumRole).ToList();
                if (allowed.Count > 0) return (allowed, null);
                if (rule.Kind == ResourceKind.User && caller.UserId.Value == id) return (caller.OrganizationIds, null);
                return ([], Error.Forbidden());
            }

            case SelfOrAdminRequirement rule:
            {
                if (!PublicId.TryParse<UserId>(rule.RawUserId, out var user)) return ([], Error.NotFound());
                var owners = await access.FindOwnersAsync(ResourceKind.User, user.Value, ct);
                if (owners is null) return ([], Error.NotFound());
                if (caller.UserId == user) return (caller.OrganizationIds, null);
                var administered = owners.Where(o => caller.RoleIn(new OrganizationId(o)) == OrganizationRole.Admin).ToList();
                return administered.Count > 0 ? (administered, null) : ([], Error.Forbidden());
            }

            case OrganizationOrSoleRequirement rule:
            {
                OrganizationId organization;
                if (rule.RawOrganizationId is null)
                {
                    if (caller.Memberships.Count == 0) return ([], Error.Forbidden());
                    if (caller.Memberships.Count > 1)
                        return ([], Error.Validation("organization_id", "is required when the caller belongs to more than one organization"));
                    organization = caller.Memberships[0].OrganizationId;
                }
                else
                {
                    if (!PublicId.TryParse(rule.RawOrganizationId, out organization))
                        return ([], Error.Validation("organization_id", "must be an id like org_123"));
                    if (caller.RoleIn(organization) is null && await access.FindOwnersAsync(ResourceKind.Organization, organization.Value, ct) is null)
                        return ([], Error.Validation("organization_id", "does not exist"));
                }
                return caller.RoleIn(organization) >= rule.MinimumRole ? ([organization.Value], null) : ([], Error.Forbidden());
            }

            case OrganizationParameterRequirement rule:
            {
                OrganizationId organization;
                if (rule.RawOrganizationId is null)
                {
                    if (caller.Memberships.Count == 0) return ([], Error.Forbidden());
                    if (caller.Memberships.Count > 1)
                        return ([], Error.Validation("organization_id", "required: the caller belongs to more than one organization"));
                    organization = caller.Memberships[0].OrganizationId;
                }
                else if (!PublicId.TryParse(rule.RawOrganizationId, out organization))
                {
                    return ([], Error.Validation("organization_id", "must be an id like org_123"));
                }
                if (caller.RoleIn(organization) is not { } role)
                    return ([], await access.FindOwnersAsync(ResourceKind.Organization, organization.Value, ct) is null ? Error.NotFound() : Error.Forbidden());
                return role >= rule.MinimumRole ? ([organization.Value], null) : ([], Error.Forbidden());
            }

            case PersonalResourceRequirement rule:
            {
                if (!ResourceKinds.TryParse(rule.Kind, rule.RawId, out var id)) return ([], Error.NotFound());
                var owners = await access.FindOwnersAsync(rule.Kind, id, ct);
                if (owners is null) return ([], Error.NotFound());
                var member = owners.Where(o => caller.RoleIn(new OrganizationId(o)) is not null).ToList();
                if (member.Count == 0) return ([], Error.Forbidden());
                if (member.Any(o => caller.RoleIn(new OrganizationId(o)) >= rule.SeesEveryone)) return (member, null);
                var people = await access.FindPeopleAsync(rule.Kind, id, ct);
                if (people is null || people.Contains(caller.UserId.Value)) return (member, null);
                if (!rule.TeamManagersSee) return ([], Error.Forbidden());
                var visible = new PeopleVisibility([], await access.FindVisiblePeopleAsync(caller.UserId, member, ct));
                return member.Any(o => visible.Sees(o, people)) ? (member, null) : ([], Error.Forbidden());
            }

            case PeopleListRequirement rule:
            {
                var verdict = await EvaluateAsync(caller, rule.Within, ct);
                if (verdict.Error is not null) return verdict;
                var open = verdict.Scope.Where(o => caller.RoleIn(new OrganizationId(o)) >= OrganizationRole.Manager).ToList();
                var restricted = verdict.Scope.Except(open).ToList();
                request.People = new PeopleVisibility(open, restricted.Count == 0 ? [] : await access.FindVisiblePeopleAsync(caller.UserId, restricted, ct));
                return verdict;
            }

            case AllOfRequirement rule:
            {
                IReadOnlyList<long>? scope = null;
                foreach (var part in rule.Parts)
                {
                    var verdict = await EvaluateAsync(caller, part, ct);
                    if (verdict.Error is not null) return verdict;
                    scope = scope is null ? verdict.Scope : [.. scope.Intersect(verdict.Scope)];
                }
                return (scope ?? caller.OrganizationIds, null);
            }

            default:
                throw new InvalidOperationException($"No evaluation for access requirement {requirement.GetType().Name}");
        }
    }
}
