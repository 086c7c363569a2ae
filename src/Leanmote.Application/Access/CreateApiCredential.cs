using System.Globalization;
using FluentValidation;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
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
            RuleFor(c => c.ExpiresAt)
                .Cascade(CascadeMode.Stop)
                .Must(value => TryParseInstant(value, out _))
                .WithMessage("must be an ISO-8601 timestamp with a time zone, e.g. 2027-01-31T00:00:00Z")
                .Must(value => TryParseInstant(value, out var at) && at > clock.GetUtcNow())
                .WithMessage("must be in the future")
                .When(c => c.ExpiresAt is not null);
        }
    }

    internal static bool TryParseInstant(string? value, out DateTimeOffset instant)
    {
        instant = default;
        return value is { Length: >= 20 and <= 40 } && value.Contains('T', StringComparison.Ordinal)
            && (value.EndsWith('Z') || value[^6] is '+' or '-')
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant);
    }

    internal sealed class Handler(IApiCredentialStore credentials, RequestContext request, IOptions<AccessOptions> options)
        : ICommandHandler<Command, Result<Created<CreatedCredentialView>>>
    {
        public async ValueTask<Result<Created<CreatedCredentialView>>> Handle(Command command, CancellationToken cancellationToken)
        {
            DateTimeOffset? expiresAt = TryParseInstant(command.ExpiresAt, out var at) ? at.ToUniversalTime() : null;
            var token = ApiToken.Generate();
            var stored = await credentials.CreateAsync(
                PublicId.Parse<UserId>(command.UserId),
                ApiToken.Hash(token, options.Value.TokenSalt),
                ApiToken.Preview(token),
                expiresAt,
                request.RequireCaller().UserId,
                cancellationToken);
            return new Created<CreatedCredentialView>(new CreatedCredentialView(stored.Id, token, stored.TokenPreview, stored.ExpiresAt, stored.CreatedAt));
        }
    }
}
