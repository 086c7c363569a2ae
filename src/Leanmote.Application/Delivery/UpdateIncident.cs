using System.Text.Json;
using FluentValidation;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Idempotency;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Delivery;

/// <summary>
/// <c>PATCH /v1/incidents/{incident_id}</c> with JSON merge-patch semantics (RFC 7396) on <c>status</c>,
/// <c>resolved_at</c>, <c>severity</c>, <c>deployment_id</c> and <c>title</c>: an absent member leaves the value alone,
/// <c>null</c> clears it (where it may be empty). Status and resolved_at stay consistent: setting
/// <c>resolved_at</c> resolves, clearing it reopens; <c>status: resolved</c> alone resolves now, <c>status: open</c>
/// alone clears <c>resolved_at</c>.
/// </summary>
public static class UpdateIncident
{
    /// <summary>Each member is the raw JSON value: <see cref="JsonValueKind.Undefined"/> when it was absent.</summary>
    public sealed record Command(
        string IncidentId,
        JsonElement Status,
        JsonElement ResolvedAt,
        JsonElement Severity,
        JsonElement DeploymentId,
        JsonElement Title,
        QueryParameters Parameters,
        string? IdempotencyKey = null)
        : ICommand<Result<IncidentView>>, IAuthorizedRequest, IHasQueryOptions<Command>, IIdempotentCommand
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Incident, IncidentId, OrganizationRole.Manager);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Status)
                .Must(v => IsAbsent(v) || (v.ValueKind == JsonValueKind.String && DeliveryInput.IncidentStatuses.Contains(v.GetString())))
                .WithMessage("must be one of: open, resolved")
                .Must((c, v) => !(Text(v) == "open" && c.ResolvedAt.ValueKind == JsonValueKind.String))
                .WithMessage("must be resolved when resolved_at is set")
                .Must((c, v) => !(Text(v) == "resolved" && c.ResolvedAt.ValueKind == JsonValueKind.Null))
                .WithMessage("must be open when resolved_at is cleared");
            RuleFor(c => c.ResolvedAt)
                .Must(v => IsAbsentOrNull(v) || (v.ValueKind == JsonValueKind.String && DeliveryInput.TryParseInstant(v.GetString(), out _)))
                .WithMessage(DeliveryInput.InstantMessage + ", or null")
                .Must(v => ReportDeployment.Validator.NotInFuture(Text(v), clock))
                .WithMessage("must not be in the future");
            RuleFor(c => c.Severity)
                .Must(v => IsAbsentOrNull(v) || (v.ValueKind == JsonValueKind.String && DeliveryInput.IsText(v.GetString(), 50)))
                .WithMessage("must be 1 to 50 characters, or null");
            RuleFor(c => c.DeploymentId)
                .Must(v => IsAbsentOrNull(v) || (v.ValueKind == JsonValueKind.String && DeliveryInput.IsId<DeploymentId>(v.GetString())))
                .WithMessage("must be an id like dep_123, or null");
            RuleFor(c => c.Title)
                .Must(v => IsAbsent(v) || (v.ValueKind == JsonValueKind.String && DeliveryInput.IsText(v.GetString(), 500)))
                .WithMessage("must be 1 to 500 characters");
        }

        private static bool IsAbsent(JsonElement value) => value.ValueKind == JsonValueKind.Undefined;

        private static bool IsAbsentOrNull(JsonElement value) => value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
    }

    internal static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static PatchField<T> Field<T>(JsonElement value, Func<string?, T> convert) =>
        value.ValueKind == JsonValueKind.Undefined ? PatchField<T>.Unset : PatchField<T>.Set(convert(Text(value)));

    internal sealed class Handler(IDeliveryStore store, RequestContext request, TimeProvider clock)
        : ICommandHandler<Command, Result<IncidentView>>
    {
        public async ValueTask<Result<IncidentView>> Handle(Command command, CancellationToken cancellationToken)
        {
            var patch = new IncidentPatch(
                Field(command.Status, v => v),
                Field(command.ResolvedAt, DeliveryInput.Instant),
                Field(command.Severity, v => v),
                Field(command.DeploymentId, DeliveryInput.OptionalId<DeploymentId>),
                Field(command.Title, v => v));
            return await store.PatchIncidentAsync(
                new OrganizationId(request.Scope.Single()),
                PublicId.Parse<IncidentId>(command.IncidentId),
                patch,
                clock.GetUtcNow(),
                cancellationToken);
        }
    }
}
