using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;
using Mediator;

namespace Leanmote.Application.Telemetry;

public static class DeactivateIngestToken
{
    public sealed record Command(string OrganizationId, string TokenId, QueryParameters Parameters)
        : ICommand<Result<NoContent>>, IAuthorizedRequest, IHasQueryOptions<Command>
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Admin);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>Deactivation is idempotent: an already inactive token answers 204 again. Takes effect within the token cache's lifetime.</summary>
    internal sealed class Handler(IIngestTokenStore tokens, RequestContext request) : ICommandHandler<Command, Result<NoContent>>
    {
        public async ValueTask<Result<NoContent>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParse<IngestTokenId>(command.TokenId, out var token)) return Error.NotFound();
            var found = await tokens.DeactivateAsync(request.Scope[0], token, cancellationToken);
            return found ? NoContent.Instance : Error.NotFound();
        }
    }
}
