using FluentValidation;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Validation;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;
using Microsoft.Extensions.Options;

namespace Leanmote.Application.Access;

public static class CreateApiCredential
{
    /// <summary><paramref name="ExpiresAt"/> is the raw body value: an ISO-8601 instant, or null for no expiry.</summary>
    public sealed record Command(string UserId, string? ExpiresAt, QueryParameters Parameters)
        : ICommand<Result<Created<CreatedCredentialView>>>, IAuthorizedRequest, IHasQueryOptions<Command>
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.SelfOrAdminOf(UserId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.ExpiresAt).MustBeAFutureInstant(clock).When(c => c.ExpiresAt is not null);
        }
    }

    internal sealed class Handler(IApiCredentialStore credentials, RequestContext request, IOptions<AccessOptions> options)
        : ICommandHandler<Command, Result<Created<CreatedCredentialView>>>
    {
        public async ValueTask<Result<Created<CreatedCredentialView>>> Handle(Command command, CancellationToken cancellationToken)
        {
            var expiresAt = TokenExpiry.Parse(command.ExpiresAt);
            var token = ApiToken.Generate();
            var user = PublicId.Parse<UserId>(command.UserId);
            var caller = request.RequireCaller().UserId;
            // minted for someone else: it acts only where this admin administers the user (the authorization scope), ADR 0052
            var stored = await credentials.CreateAsync(
                user,
                ApiToken.Hash(token, options.Value.TokenSalt),
                ApiToken.Preview(token),
                expiresAt,
                caller,
                user == caller ? null : request.Scope,
                cancellationToken);
            if (stored is null) return new Error(ErrorCode.Forbidden, "The user has no active membership in an organization you administer");
            return new Created<CreatedCredentialView>(new CreatedCredentialView(stored.Id, token, stored.TokenPreview, stored.ExpiresAt, stored.CreatedAt));
        }
    }
}
