using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Access;

public static class DeactivateApiCredential
{
    public sealed record Command(string UserId, string CredentialId, QueryParameters Parameters)
        : ICommand<Result<NoContent>>, IAuthorizedRequest, IHasQueryOptions<Command>
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.SelfOrAdminOf(UserId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>Deactivation is idempotent: an already inactive credential answers 204 again.</summary>
    internal sealed class Handler(IApiCredentialStore credentials) : ICommandHandler<Command, Result<NoContent>>
    {
        public async ValueTask<Result<NoContent>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParse<CredentialId>(command.CredentialId, out var credential)) return Error.NotFound();
            var found = await credentials.DeactivateAsync(PublicId.Parse<UserId>(command.UserId), credential, cancellationToken);
            return found ? NoContent.Instance : Error.NotFound();
        }
    }
}
