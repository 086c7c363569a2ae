using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Scim.Tokens;

public static class RevokeScimToken
{
    public sealed record Command(string OrganizationId, string TokenId, QueryParameters Parameters)
        : ICommand<Result<NoContent>>, IAuthorizedRequest, IHasQueryOptions<Command>
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Admin);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>Revocation is idempotent: an already revoked token answers 204 again; the next SCIM request with it is 401.</summary>
    internal sealed class Handler(IScimTokenStore tokens) : ICommandHandler<Command, Result<NoContent>>
    {
        public async ValueTask<Result<NoContent>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParse<ScimTokenId>(command.TokenId, out var token)) return Error.NotFound();
            var found = await tokens.RevokeAsync(PublicId.Parse<OrganizationId>(command.OrganizationId), token, cancellationToken);
            return found ? NoContent.Instance : Error.NotFound();
        }
    }
}
