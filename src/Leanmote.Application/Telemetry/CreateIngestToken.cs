using FluentValidation;
using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Validation;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Telemetry;
using Mediator;
using Microsoft.Extensions.Options;

namespace Leanmote.Application.Telemetry;

public static class CreateIngestToken
{
    /// <summary>Raw body values: <paramref name="AllowedSignals"/> null means all three; <paramref name="ExpiresAt"/> an ISO-8601 instant or null.</summary>
    public sealed record Command(string OrganizationId, string? Name, IReadOnlyList<string>? AllowedSignals, string? ExpiresAt, QueryParameters Parameters)
        : ICommand<Result<Created<CreatedIngestTokenView>>>, IAuthorizedRequest, IHasQueryOptions<Command>
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
            RuleFor(c => c.Name)
                .Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("is required")
                .Must(n => n!.Trim().Length is >= 1 and <= 200).WithMessage("must be 1 to 200 characters");
            RuleFor(c => c.AllowedSignals)
                .Cascade(CascadeMode.Stop)
                .Must(s => s!.Count > 0).WithMessage("must name at least one of logs, metrics, traces")
                .Must(s => s!.All(v => OtelSignals.All.Contains(v))).WithMessage("may contain only logs, metrics, traces")
                .Must(s => s!.Distinct(StringComparer.Ordinal).Count() == s!.Count).WithMessage("must not repeat a signal")
                .When(c => c.AllowedSignals is not null);
            RuleFor(c => c.ExpiresAt).MustBeAFutureInstant(clock).When(c => c.ExpiresAt is not null);
        }
    }

    internal sealed class Handler(IIngestTokenStore tokens, RequestContext request, IOptions<AccessOptions> options)
        : ICommandHandler<Command, Result<Created<CreatedIngestTokenView>>>
    {
        public async ValueTask<Result<Created<CreatedIngestTokenView>>> Handle(Command command, CancellationToken cancellationToken)
        {
            var expiresAt = TokenExpiry.Parse(command.ExpiresAt);
            var signals = command.AllowedSignals is null
                ? OtelSignals.All
                : OtelSignals.All.Where(s => command.AllowedSignals.Contains(s)).ToList();

            // 256 random bits do not collide; the loop makes "one row per hash" a guarantee (ADR 0031).
            string token, hash;
            do
            {
                token = IngestToken.Generate();
                hash = ApiToken.Hash(token, options.Value.TokenSalt);
            }
            while (await tokens.HashExistsAsync(hash, cancellationToken));

            var stored = await tokens.CreateAsync(request.Scope[0], command.Name!.Trim(), hash, IngestToken.Preview(token), signals, expiresAt,
                request.RequireCaller().UserId, cancellationToken);
            return new Created<CreatedIngestTokenView>(new CreatedIngestTokenView(stored.Id, stored.Name, token, stored.TokenPreview,
                stored.AllowedSignals, stored.IsActive, stored.ExpiresAt, stored.CreatedBy, stored.CreatedAt));
        }
    }
}
