using System.Globalization;
using FluentValidation;
using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
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

    internal sealed class Handler(IIngestTokenStore tokens, RequestContext request, IOptions<AccessOptions> options)
        : ICommandHandler<Command, Result<Created<CreatedIngestTokenView>>>
    {
        public async ValueTask<Result<Created<CreatedIngestTokenView>>> Handle(Command command, CancellationToken cancellationToken)
        {
            DateTimeOffset? expiresAt = TryParseInstant(command.ExpiresAt, out var at) ? at.ToUniversalTime() : null;
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
