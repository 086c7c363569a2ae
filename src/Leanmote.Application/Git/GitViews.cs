using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Git;

/// <summary>A source-control integration (an app with category <c>source_control</c>).</summary>
public sealed record GitAppView(
    AppId Id,
    OrganizationId OrganizationId,
    string Provider,
    string Category,
    string Name,
    bool IsActive,
    DateTimeOffset? LastSyncedAt,
    DateTimeOffset CreatedAt);

public sealed record RepositoryView(
    RepositoryId Id,
    AppId AppId,
    OrganizationId OrganizationId,
    TeamId? TeamId,
    string Name,
    string FullName,
    string DefaultBranch,
    string? Url,
    bool IsPrivate,
    DateTimeOffset CreatedAt);

public sealed record CommitAuthorView(UserId? UserId, string? Name, string? Email);

public sealed record CommitView(
    CommitId Id,
    RepositoryId RepositoryId,
    string Sha,
    string Message,
    CommitAuthorView Author,
    DateTimeOffset CommittedAt,
    int Additions,
    int Deletions,
    DateTimeOffset CreatedAt);

public sealed record PullRequestAuthorView(UserId? UserId, string? Login, string? Name);

public sealed record MergedByView(UserId? UserId, string? Login);

public sealed record PullRequestView(
    PullRequestId Id,
    RepositoryId RepositoryId,
    int Number,
    string Title,
    string State,
    PullRequestAuthorView Author,
    string BaseBranch,
    string? HeadBranch,
    int Additions,
    int Deletions,
    int CommitsCount,
    int CommentsCount,
    int ReviewCount,
    bool IsDraft,
    IReadOnlyList<string> Labels,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ReadyForReviewAt,
    DateTimeOffset? FirstCommitAt,
    DateTimeOffset? FirstReviewAt,
    DateTimeOffset? FirstApprovalAt,
    DateTimeOffset? MergedAt,
    MergedByView? MergedBy,
    DateTimeOffset? ClosedAt,
    bool IsAiAssisted,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Which repositories of an app a list covers: one, or <c>all</c>.</summary>
public sealed record RepositorySelector(AppId App, RepositoryId? Repository)
{
    public const string All = "all";
}

public interface IGitReader
{
    Task<(IReadOnlyList<GitAppView> Rows, long Total)> ListAppsAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    /// <summary>Null when the app is not a source-control app in the scope.</summary>
    Task<(IReadOnlyList<RepositoryView> Rows, long Total)?> ListRepositoriesAsync(AppId app, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    Task<RepositoryView?> GetRepositoryAsync(AppId app, RepositoryId repository, IReadOnlyList<long> organizationIds, CancellationToken ct);

    /// <summary>Null when the repository (or the app) is not there.</summary>
    Task<(IReadOnlyList<CommitView> Rows, long Total)?> ListCommitsAsync(RepositorySelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    Task<(IReadOnlyList<PullRequestView> Rows, long Total)?> ListPullRequestsAsync(RepositorySelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);
}

internal static class RepositoryPath
{
    /// <summary><c>all</c> or a repo_ id; anything else is not found.</summary>
    public static bool TryParse(AppId app, string raw, out RepositorySelector selector)
    {
        selector = new RepositorySelector(app, null);
        if (raw == RepositorySelector.All) return true;
        if (!PublicId.TryParse<RepositoryId>(raw, out var repository)) return false;
        selector = new RepositorySelector(app, repository);
        return true;
    }
}
