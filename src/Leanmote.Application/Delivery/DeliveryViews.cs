using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Delivery;

/// <summary>A deployment reported by CI/CD (metrics.md §6.3, §8.3); what DORA is computed from.</summary>
public sealed record DeploymentView(
    DeploymentId Id,
    OrganizationId OrganizationId,
    RepositoryId? RepositoryId,
    TeamId? TeamId,
    string? Service,
    string Environment,
    string Status,
    string ChangeType,
    string? Ref,
    string? CommitSha,
    IReadOnlyList<PullRequestId> PullRequestIds,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string Source,
    string ExternalId,
    DateTimeOffset CreatedAt);

/// <summary>An incident reported by an incident tool; <c>resolved_at</c> null means open.</summary>
public sealed record IncidentView(
    IncidentId Id,
    OrganizationId OrganizationId,
    TeamId? TeamId,
    RepositoryId? RepositoryId,
    DeploymentId? DeploymentId,
    string? Service,
    string Title,
    string? Severity,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? DetectedAt,
    DateTimeOffset? ResolvedAt,
    string Source,
    string ExternalId,
    DateTimeOffset CreatedAt);

/// <summary>
/// A validated deployment report. The repository is named by id or by full name (or not at all). Pull requests
/// are named by id or by number (in the repository); when both lists are null they are found by merge history.
/// </summary>
public sealed record DeploymentReport(
    OrganizationId OrganizationId,
    RepositoryId? RepositoryId,
    string? RepositoryFullName,
    TeamId? TeamId,
    string? Service,
    string Environment,
    string Status,
    string ChangeType,
    string? Ref,
    string? CommitSha,
    IReadOnlyList<PullRequestId>? PullRequestIds,
    IReadOnlyList<int>? PullRequestNumbers,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string Source,
    string ExternalId);

/// <summary>A validated incident report. A null <see cref="Status"/> means "from resolved_at".</summary>
public sealed record IncidentReport(
    OrganizationId OrganizationId,
    TeamId? TeamId,
    RepositoryId? RepositoryId,
    DeploymentId? DeploymentId,
    string? Service,
    string Title,
    string? Severity,
    string? Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? DetectedAt,
    DateTimeOffset? ResolvedAt,
    string Source,
    string ExternalId);

/// <summary>One field of a merge patch: <see cref="IsSet"/> false leaves the stored value alone.</summary>
public readonly record struct PatchField<T>(bool IsSet, T Value)
{
    public static PatchField<T> Unset => default;
    public static PatchField<T> Set(T value) => new(true, value);
}

/// <summary>A validated merge patch of an incident (rest-api.md §7).</summary>
public sealed record IncidentPatch(
    PatchField<string?> Status,
    PatchField<DateTimeOffset?> ResolvedAt,
    PatchField<string?> Severity,
    PatchField<DeploymentId?> DeploymentId,
    PatchField<string?> Title)
{
    /// <summary>
    /// The incident's status and resolved_at after the patch, kept consistent: a resolved_at in the patch decides
    /// the status (set → resolved, null → open); a status alone resolves now (or keeps the stored time) or reopens.
    /// A resolved_at before started_at is a validation error.
    /// </summary>
    public Result<(string Status, DateTimeOffset? ResolvedAt)> Apply(string status, DateTimeOffset? resolvedAt, DateTimeOffset startedAt, DateTimeOffset now)
    {
        if (ResolvedAt.IsSet)
        {
            (status, resolvedAt) = (ResolvedAt.Value is null ? "open" : "resolved", ResolvedAt.Value);
        }
        else if (Status.IsSet)
        {
            status = Status.Value!;
            resolvedAt = status == "resolved" ? resolvedAt ?? (now > startedAt ? now : startedAt) : null;
        }
        if (resolvedAt < startedAt) return Error.Validation("resolved_at", "must not be before started_at");
        return (status, resolvedAt);
    }
}

public interface IDeliveryReader
{
    Task<(IReadOnlyList<DeploymentView> Rows, long Total)> ListDeploymentsAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    Task<DeploymentView?> GetDeploymentAsync(DeploymentId id, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<(IReadOnlyList<IncidentView> Rows, long Total)> ListIncidentsAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    Task<IncidentView?> GetIncidentAsync(IncidentId id, IReadOnlyList<long> organizationIds, CancellationToken ct);
}

/// <summary>
/// Writes of the Delivery module. Each method is one transaction; references that do not exist in the
/// organization come back as a validation error naming the field.
/// </summary>
public interface IDeliveryStore
{
    /// <summary>Inserts or updates the deployment with the report's (organization, source, external id), with its pull-request links.</summary>
    Task<Result<Upserted<DeploymentView>>> UpsertDeploymentAsync(DeploymentReport report, DateTimeOffset now, CancellationToken ct);

    /// <summary>Inserts or updates the incident with the report's (organization, source, external id).</summary>
    Task<Result<Upserted<IncidentView>>> UpsertIncidentAsync(IncidentReport report, DateTimeOffset now, CancellationToken ct);

    /// <summary>Applies a merge patch; not found when the incident is not in the organization.</summary>
    Task<Result<IncidentView>> PatchIncidentAsync(OrganizationId organization, IncidentId id, IncidentPatch patch, DateTimeOffset now, CancellationToken ct);
}
