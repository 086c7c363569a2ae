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
/// <c>POST /v1/incidents</c>: an incident tool reports an incident. Idempotent on (organization, source,
/// external_id) exactly like deployments. <c>status</c> defaults from <c>resolved_at</c>; <c>resolved</c> without a
/// <c>resolved_at</c> resolves it now.
/// </summary>
public static class ReportIncident
{
    public sealed record Command(
        string? OrganizationId,
        string? TeamId,
        string? RepositoryId,
        string? DeploymentId,
        string? Service,
        string? Title,
        string? Severity,
        string? Status,
        string? StartedAt,
        string? DetectedAt,
        string? ResolvedAt,
        string? Source,
        string? ExternalId,
        QueryParameters Parameters,
        string? IdempotencyKey = null)
        : ICommand<Result<Upserted<IncidentView>>>, IAuthorizedRequest, IHasQueryOptions<Command>, IIdempotentCommand
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.MemberOfOrganization(OrganizationId, OrganizationRole.Manager);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.TeamId).Must(DeliveryInput.IsId<TeamId>).WithMessage("must be an id like team_123").When(c => c.TeamId is not null);
            RuleFor(c => c.RepositoryId).Must(DeliveryInput.IsId<RepositoryId>).WithMessage("must be an id like repo_123").When(c => c.RepositoryId is not null);
            RuleFor(c => c.DeploymentId).Must(DeliveryInput.IsId<DeploymentId>).WithMessage("must be an id like dep_123").When(c => c.DeploymentId is not null);
            RuleFor(c => c.Service).Must(v => DeliveryInput.IsText(v, 200)).WithMessage("must be 1 to 200 characters").When(c => c.Service is not null);
            RuleFor(c => c.Title)
                .NotNull().WithMessage("is required")
                .Must(v => DeliveryInput.IsText(v, 500)).WithMessage("must be 1 to 500 characters")
                .When(c => c.Title is not null, ApplyConditionTo.CurrentValidator);
            RuleFor(c => c.Severity).Must(v => DeliveryInput.IsText(v, 50)).WithMessage("must be 1 to 50 characters").When(c => c.Severity is not null);
            RuleFor(c => c.Status)
                .Must(v => DeliveryInput.IncidentStatuses.Contains(v)).WithMessage("must be one of: open, resolved")
                .Must((c, v) => !(v == "open" && c.ResolvedAt is not null)).WithMessage("must be resolved when resolved_at is set")
                .When(c => c.Status is not null);
            RuleFor(c => c.StartedAt)
                .NotNull().WithMessage("is required")
                .Must(DeliveryInput.IsInstantOrNull).WithMessage(DeliveryInput.InstantMessage)
                .Must(v => ReportDeployment.Validator.NotInFuture(v, clock)).WithMessage("must not be in the future");
            RuleFor(c => c.DetectedAt)
                .Must(DeliveryInput.IsInstantOrNull).WithMessage(DeliveryInput.InstantMessage)
                .Must(v => ReportDeployment.Validator.NotInFuture(v, clock)).WithMessage("must not be in the future");
            RuleFor(c => c.ResolvedAt)
                .Must(DeliveryInput.IsInstantOrNull).WithMessage(DeliveryInput.InstantMessage)
                .Must(v => ReportDeployment.Validator.NotInFuture(v, clock)).WithMessage("must not be in the future")
                .Must((c, v) => !(DeliveryInput.Instant(v) < DeliveryInput.Instant(c.StartedAt))).WithMessage("must not be before started_at");
            RuleFor(c => c.Source)
                .Must(DeliveryInput.IsSource).WithMessage("must be 1 to 64 characters of letters, digits, '.', '_' or '-'")
                .When(c => c.Source is not null);
            RuleFor(c => c.ExternalId)
                .NotNull().WithMessage("is required")
                .Must(v => DeliveryInput.IsText(v, 255)).WithMessage("must be 1 to 255 characters")
                .When(c => c.ExternalId is not null, ApplyConditionTo.CurrentValidator);
        }
    }

    internal sealed class Handler(IDeliveryStore store, RequestContext request, TimeProvider clock)
        : ICommandHandler<Command, Result<Upserted<IncidentView>>>
    {
        public async ValueTask<Result<Upserted<IncidentView>>> Handle(Command command, CancellationToken cancellationToken)
        {
            var report = new IncidentReport(
                new OrganizationId(request.Scope.Single()),
                DeliveryInput.OptionalId<TeamId>(command.TeamId),
                DeliveryInput.OptionalId<RepositoryId>(command.RepositoryId),
                DeliveryInput.OptionalId<DeploymentId>(command.DeploymentId),
                command.Service,
                command.Title!,
                command.Severity,
                command.Status,
                DeliveryInput.Instant(command.StartedAt)!.Value,
                DeliveryInput.Instant(command.DetectedAt),
                DeliveryInput.Instant(command.ResolvedAt),
                command.Source ?? DeliveryInput.DefaultSource,
                command.ExternalId!);
            return await store.UpsertIncidentAsync(report, clock.GetUtcNow(), cancellationToken);
        }
    }
}
