using FluentValidation;
using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Validation;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;
using Microsoft.Extensions.Options;

namespace Leanmote.Application.Scim.Tokens;

public static class CreateScimToken
{
    /// <summary>
    /// <paramref name="ExpiresAt"/> is the raw body value (ISO-8601 instant or null); <paramref name="ScimBaseUrl"/> is
    /// the absolute <c>/scim/v2</c> URL of the host that answered, echoed for the admin to paste into the IdP.
    /// </summary>
    public sealed record Command(string OrganizationId, string? Description, string? ExpiresAt, string ScimBaseUrl, QueryParameters Parameters)
        : ICommand<Result<Created<CreatedScimTokenView>>>, IAuthorizedRequest, IHasQueryOptions<Command>
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Admin);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Description).MaximumLength(256).WithMessage("must be at most 256 characters");
            RuleFor(c => c.ExpiresAt).MustBeAFutureInstant(clock).When(c => c.ExpiresAt is not null);
        }
    }

    internal sealed class Handler(IScimTokenStore tokens, RequestContext request, IOptions<AccessOptions> access)
        : ICommandHandler<Command, Result<Created<CreatedScimTokenView>>>
    {
        public async ValueTask<Result<Created<CreatedScimTokenView>>> Handle(Command command, CancellationToken cancellationToken)
        {
            var expiresAt = TokenExpiry.Parse(command.ExpiresAt);
            var token = ScimToken.Generate();
            var stored = await tokens.CreateAsync(
                PublicId.Parse<OrganizationId>(command.OrganizationId),
                ScimToken.Hash(token, access.Value.TokenSalt),
                ScimToken.Preview(token),
                string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim(),
                expiresAt,
                request.RequireCaller().UserId,
                ScimToken.MaxActivePerOrganization,
                cancellationToken);
            if (stored is null)
            {
                return Error.Conflict($"The organization already has {ScimToken.MaxActivePerOrganization} active SCIM tokens; revoke one first");
            }
            return new Created<CreatedScimTokenView>(new CreatedScimTokenView(
                stored.Id, token, stored.TokenPreview, stored.Description, stored.ExpiresAt, stored.CreatedAt, command.ScimBaseUrl));
        }
    }
}
