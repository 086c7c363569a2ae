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
/// <c>POST /v1/deployments</c>: a CI pipeline reports a deployment. Idempotent on (organization, source,
/// external_id): 201 the first time, 200 afterwards (updating it when the body changed).
/// </summary>
public static class ReportDeployment
{
    /// <summary>Raw body values as sent; every rule is the validator's.</summary>
    public sealed record Command(
        string? OrganizationId,
        string? RepositoryId,
        string? Repository,
        string? Environment,
        string? Status,
        string? ChangeType,
        string? CommitSha,
        string? Ref,
        IReadOnlyList<string>? PullRequestIds,
        IReadOnlyList<int>? PullRequestNumbers,
        string? TeamId,
        string? Service,
        string? StartedAt,
        string? FinishedAt,
        string? Source,
        string? ExternalId,
        QueryParameters Parameters,
        string? IdempotencyKey = null)
        : ICommand<Result<Upserted<DeploymentView>>>, IAuthorizedRequest, IHasQueryOptions<Command>, IIdempotentCommand
    {
        public static QuerySpec Spec => QuerySpec.None;

        /// <summary>Admins and managers of the organization named in the body (or of the caller's only one).</summary>
        public AccessRequirement Access => AccessRequirement.MemberOfOrganization(OrganizationId, OrganizationRole.Manager);

        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Command WithOptions(QueryOptions options) => this with { Options = options };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.RepositoryId)
                .Must(DeliveryInput.IsId<RepositoryId>).WithMessage("must be an id like repo_123")
                .When(c => c.RepositoryId is not null);
            RuleFor(c => c.Repository)
                .Must(v => DeliveryInput.IsText(v, 255)).WithMessage("must be a repository full name of at most 255 characters")
                .Must((c, _) => c.RepositoryId is null).WithMessage("must not be sent together with repository_id")
                .When(c => c.Repository is not null);
            RuleFor(c => c.Environment)
                .NotNull().WithMessage("is required")
                .Must(v => DeliveryInput.IsText(v, 100)).WithMessage("must be 1 to 100 characters")
                .When(c => c.Environment is not null, ApplyConditionTo.CurrentValidator);
            RuleFor(c => c.Status)
                .NotNull().WithMessage("is required")
                .Must(v => DeliveryInput.DeploymentStatuses.Contains(v))
                .WithMessage($"must be one of: {string.Join(", ", DeliveryInput.DeploymentStatuses)}")
                .When(c => c.Status is not null, ApplyConditionTo.CurrentValidator);
            RuleFor(c => c.ChangeType)
                .Must(v => DeliveryInput.ChangeTypes.Contains(v))
                .WithMessage($"must be one of: {string.Join(", ", DeliveryInput.ChangeTypes)}")
                .When(c => c.ChangeType is not null);
            RuleFor(c => c.CommitSha)
                .Must(DeliveryInput.IsCommitSha).WithMessage("must be 7 to 64 hexadecimal characters")
                .When(c => c.CommitSha is not null);
            RuleFor(c => c.Ref)
                .Must(v => DeliveryInput.IsText(v, 255)).WithMessage("must be 1 to 255 characters")
                .When(c => c.Ref is not null);
            RuleFor(c => c.PullRequestIds)
                .Must(ids => ids!.All(DeliveryInput.IsId<PullRequestId>)).WithMessage("must be ids like pr_123")
                .Must(ids => ids!.Count <= DeliveryInput.MaxLinkedPullRequests).WithMessage($"must have at most {DeliveryInput.MaxLinkedPullRequests} entries")
                .Must((c, _) => c.PullRequestNumbers is null).WithMessage("must not be sent together with pull_request_numbers")
                .When(c => c.PullRequestIds is not null);
            RuleFor(c => c.PullRequestNumbers)
                .Must(numbers => numbers!.All(n => n > 0)).WithMessage("must be positive pull-request numbers")
                .Must(numbers => numbers!.Count <= DeliveryInput.MaxLinkedPullRequests).WithMessage($"must have at most {DeliveryInput.MaxLinkedPullRequests} entries")
                .Must((c, _) => c.RepositoryId is not null || c.Repository is not null).WithMessage("need repository_id or repository")
                .When(c => c.PullRequestNumbers is not null);
            RuleFor(c => c.TeamId)
                .Must(DeliveryInput.IsId<TeamId>).WithMessage("must be an id like team_123")
                .When(c => c.TeamId is not null);
            RuleFor(c => c.Service)
                .Must(v => DeliveryInput.IsText(v, 200)).WithMessage("must be 1 to 200 characters")
                .When(c => c.Service is not null);
            RuleFor(c => c.StartedAt)
                .Must(DeliveryInput.IsInstantOrNull).WithMessage(DeliveryInput.InstantMessage)
                .Must(v => NotInFuture(v, clock)).WithMessage("must not be in the future");
            RuleFor(c => c.FinishedAt)
                .Must(DeliveryInput.IsInstantOrNull).WithMessage(DeliveryInput.InstantMessage)
                .Must(v => NotInFuture(v, clock)).WithMessage("must not be in the future")
                .Must((c, v) => !(DeliveryInput.Instant(v) < DeliveryInput.Instant(c.StartedAt))).WithMessage("must not be before started_at")
                .Must((c, v) => v is null || c.Status != "in_progress").WithMessage("must be empty while status is in_progress");
            RuleFor(c => c.Source)
                .Must(DeliveryInput.IsSource).WithMessage("must be 1 to 64 characters of letters, digits, '.', '_' or '-'")
                .When(c => c.Source is not null);
            RuleFor(c => c.ExternalId)
                .NotNull().WithMessage("is required")
                .Must(v => DeliveryInput.IsText(v, 255)).WithMessage("must be 1 to 255 characters")
                .When(c => c.ExternalId is not null, ApplyConditionTo.CurrentValidator);
        }

        internal static bool NotInFuture(string? value, TimeProvider clock) =>
            DeliveryInput.Instant(value) is not { } at || at <= clock.GetUtcNow() + DeliveryInput.ClockSkew;
    }

    internal sealed class Handler(IDeliveryStore store, RequestContext request, TimeProvider clock)
        : ICommandHandler<Command, Result<Upserted<DeploymentView>>>
    {
        public async ValueTask<Result<Upserted<DeploymentView>>> Handle(Command command, CancellationToken cancellationToken)
        {
            // Authorization fixed the write's organization as the request's one-organization scope.
            var report = new DeploymentReport(
                new OrganizationId(request.Scope.Single()),
                DeliveryInput.OptionalId<RepositoryId>(command.RepositoryId),
                command.Repository,
                DeliveryInput.OptionalId<TeamId>(command.TeamId),
                command.Service,
                command.Environment!,
                command.Status!,
                command.ChangeType ?? DeliveryInput.DefaultChangeType,
                command.Ref,
                command.CommitSha?.ToLowerInvariant(),
                command.PullRequestIds?.Select(PublicId.Parse<PullRequestId>).Distinct().ToList(),
                command.PullRequestNumbers?.Distinct().ToList(),
                DeliveryInput.Instant(command.StartedAt),
                DeliveryInput.Instant(command.FinishedAt),
                command.Source ?? DeliveryInput.DefaultSource,
                command.ExternalId!);
            return await store.UpsertDeploymentAsync(report, clock.GetUtcNow(), cancellationToken);
        }
    }
}
