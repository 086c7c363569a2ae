using System.Text.Json;
using FluentValidation;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;
using Mediator;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary>
/// <c>PUT /v1/organizations/{organization_id}/telemetry-identities/{identity_id}</c> (otel.md §8.4): body
/// <c>{"user_id": "usr_…"}</c> maps the identity by hand (<c>match_method = manual</c>; the user must be a member),
/// <c>{"user_id": null}</c> unmaps it (automatic matching applies again on the next record). All past facts follow,
/// because they point at the identity.
/// </summary>
public static class MapTelemetryIdentity
{
    public sealed record Command(string OrganizationId, string IdentityId, JsonElement UserId, QueryParameters Parameters)
        : ICommand<Result<TelemetryIdentityView>>, IAuthorizedRequest, IHasQueryOptions<Command>
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Manager);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.UserId)
                .Must(v => v.ValueKind == JsonValueKind.Null
                           || (v.ValueKind == JsonValueKind.String && PublicId.TryParseValue(v.GetString(), Domain.Common.UserId.Prefix, out _)))
                .WithMessage("is required: a user id like usr_123, or null to unmap")
                .OverridePropertyName("user_id");
        }
    }

    internal sealed class Handler(ITelemetryIdentityStore identities, RequestContext request) : ICommandHandler<Command, Result<TelemetryIdentityView>>
    {
        public async ValueTask<Result<TelemetryIdentityView>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParseValue(command.IdentityId, TelemetryIdentityId.Prefix, out var rawId)) return Error.NotFound();
            var organizationId = request.Scope[0];
            UserId? user = null;
            if (command.UserId.ValueKind == JsonValueKind.String)
            {
                PublicId.TryParseValue(command.UserId.GetString(), Domain.Common.UserId.Prefix, out var rawUser);
                user = new UserId(rawUser);
                if (!await identities.IsMemberAsync(organizationId, user.Value, cancellationToken))
                    return Error.Validation("user_id", "must be a member of the organization");
            }
            var view = await identities.SetUserAsync(organizationId, new TelemetryIdentityId(rawId), user, cancellationToken);
            return view is null ? Error.NotFound() : view;
        }
    }
}
