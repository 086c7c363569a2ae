using Leanmote.Application.Metrics.Engine;

namespace Leanmote.Application.Metrics.Dora;

/// <summary>
/// The scope of a source read as plain arrays (metrics.md §5.3): the organization, the instants to cover, U (with
/// the bots to drop), R, the team rule of repository-owned sources, and the settings the SQL applies.
/// </summary>
public sealed record SourceQuery(
    long OrganizationId,
    DateTimeOffset From,
    DateTimeOffset To,
    bool OpenScope,
    long[] People,
    long[] BotUserIds,
    long[]? RepositoryIds,
    long[]? TeamIds,
    long[] TeamRepositoryIds,
    string[] ProductionEnvironments,
    int AttributionWindowHours)
{
    /// <summary>How far before <see cref="From"/> a merged PR is still read for its (unlinked) deployment inside the span (ADR 0042).</summary>
    public static readonly TimeSpan DeploymentLookback = TimeSpan.FromDays(90);

    public static SourceQuery For(MetricContext context)
    {
        var scope = context.Scope;
        var (from, to) = context.Parameters.Span;
        return new SourceQuery(scope.OrganizationId, from, to, scope.Open, scope.People,
            [.. scope.Roster.Members.Where(m => m.IsBot).Select(m => m.UserId)],
            scope.RepositoryIds, scope.TeamIds, scope.TeamRepositoryIds,
            [.. context.Settings.ProductionEnvironments.Select(e => e.ToLowerInvariant())],
            context.Settings.CfrAttributionWindowHours);
    }
}

/// <summary>A production deployment (metrics.md §6.3) and whether it failed, by which rule.</summary>
public sealed record DeploymentFact(
    long Id,
    DateTimeOffset FinishedAt,
    long? RepositoryId,
    long? TeamId,
    long? RepositoryTeamId,
    string Environment,
    string ChangeType,
    string? Service,
    bool FailedByIncident,
    bool FailedByRollbackOrHotfix) : IEvidenceSource
{
    public IReadOnlyDictionary<string, object?> EvidenceFields => new Dictionary<string, object?>
    {
        ["environment"] = Environment,
        ["change_type"] = ChangeType,
        ["repository_id"] = RepositoryId is { } r ? "repo_" + r : null,
        ["service"] = Service,
    };
}

public sealed record IncidentFact(
    long Id,
    string Title,
    string? Severity,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    long? TeamId,
    long? RepositoryId,
    long? RepositoryTeamId,
    long? DeploymentId) : IEvidenceSource
{
    public IReadOnlyDictionary<string, object?> EvidenceFields => new Dictionary<string, object?>
    {
        ["title"] = Title,
        ["severity"] = Severity,
        ["started_at"] = StartedAt,
        ["repository_id"] = RepositoryId is { } r ? "repo_" + r : null,
    };
}

/// <summary>
/// An in-scope pull request with its timeline values recomputed from the event rows (metrics.md §6.2) and its
/// deployment (§6.3, PR → deployment).
/// </summary>
public sealed record PullRequestFact(
    long Id,
    long RepositoryId,
    int Number,
    string Title,
    string? HeadBranch,
    bool IntoDefaultBranch,
    long? AuthorId,
    string? AuthorLogin,
    bool IsDraft,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ReadyForReviewAt,
    DateTimeOffset? MergedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset FirstCommitAt,
    DateTimeOffset? FirstInteractionAt,
    DateTimeOffset? FirstApprovalAt,
    long? DeploymentId,
    DateTimeOffset? DeployedAt,
    int Additions,
    int Deletions,
    bool IsAiAssisted) : IEvidenceSource
{
    public IReadOnlyDictionary<string, object?> EvidenceFields => new Dictionary<string, object?>
    {
        ["title"] = Title,
        ["number"] = Number,
        ["repository_id"] = "repo_" + RepositoryId,
    };

    public string Author => AuthorId is { } id ? Identity.User(id) : Identity.Login(AuthorLogin ?? "");

    /// <summary>When the PR became ready for review: <c>ready_for_review_at</c> for one opened as a draft, else <c>opened_at</c>; null while still a draft.</summary>
    public DateTimeOffset? ReadyAt => ReadyForReviewAt ?? (IsDraft ? null : OpenedAt);

    /// <summary>When the PR stopped being open (merged or closed), or null.</summary>
    public DateTimeOffset? EndedAt => MergedAt is { } m && (ClosedAt is null || m <= ClosedAt) ? m : ClosedAt;
}

public interface IDoraSources
{
    /// <summary>Successful production deployments finished in [From, To), with the failure rules applied over all time.</summary>
    Task<IReadOnlyList<DeploymentFact>> ReadDeploymentsAsync(SourceQuery query, CancellationToken ct);

    /// <summary>In-scope incidents that were open at some instant of [From, To) or resolved in it.</summary>
    Task<IReadOnlyList<IncidentFact>> ReadIncidentsAsync(SourceQuery query, CancellationToken ct);

    /// <summary>
    /// In-scope PRs (author ∈ U, repository ∈ R) that were open at some instant of [From, To), were opened, became
    /// ready or merged in it, or were merged up to <see cref="SourceQuery.DeploymentLookback"/> before it and deployed in it.
    /// </summary>
    Task<IReadOnlyList<PullRequestFact>> ReadPullRequestsAsync(SourceQuery query, CancellationToken ct);
}
