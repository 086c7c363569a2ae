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

/// <summary><c>user_id</c> is null for a contributor not mapped to a user; <c>login</c> is the source login, when known.</summary>
public sealed record CommitAuthorView(UserId? UserId, string? Login, string? Name, string? Email);

public sealed record CommitView(
    CommitId Id,
    RepositoryId RepositoryId,
    string Sha,
    string Message,
    CommitAuthorView Author,
    DateTimeOffset CommittedAt,
    DateTimeOffset? AuthoredAt,
    int Additions,
    int Deletions,
    bool IsMerge,
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

/// <summary>
/// Who reviewed or commented: the mapped user (null when unmapped), the source login, and whether it is a bot —
/// <c>users.is_bot</c> for a mapped user, else a login ending in <c>[bot]</c> (metrics.md §3.9).
/// </summary>
public sealed record GitParticipantView(UserId? UserId, string? Login, bool IsBot);

public sealed record PullRequestReviewView(
    PullRequestReviewId Id,
    PullRequestId PullRequestId,
    GitParticipantView Reviewer,
    string State,
    DateTimeOffset SubmittedAt);

/// <summary><c>kind</c>: <c>review</c> (a comment in a review thread on the diff) or <c>issue</c> (the conversation), ADR 0040.</summary>
public sealed record PullRequestCommentView(
    PullRequestCommentId Id,
    PullRequestId PullRequestId,
    GitParticipantView Author,
    string Kind,
    DateTimeOffset CreatedAt);

/// <summary>The list parameters shared by a pull request's rows and the same rows across the app (metric source rows).</summary>
internal static class PullRequestRowSpecs
{
    public static QuerySpec Reviews(bool acrossApp)
    {
        var spec = QuerySpec.For<PullRequestReviewView>().Sortable("submitted_at").DefaultSortBy("submitted_at");
        if (acrossApp) spec.IdFilter<PullRequestId>("pull_request_id");
        return spec.IdFilter<UserId>("reviewer_id").EnumFilter("state", "approved", "changes_requested", "commented", "dismissed")
            .TimestampFilter("submitted_at");
    }

    public static QuerySpec Comments(bool acrossApp)
    {
        var spec = QuerySpec.For<PullRequestCommentView>().Sortable("created_at");
        if (acrossApp) spec.IdFilter<PullRequestId>("pull_request_id");
        return spec.IdFilter<UserId>("author_id").EnumFilter("kind", "review", "issue").TimestampFilter("created_at");
    }
}

/// <summary>Which pull requests a list covers: one pull request of one repository, or (both null) every pull request of the app.</summary>
public sealed record PullRequestSelector(AppId App, RepositoryId? Repository, PullRequestId? PullRequest)
{
    public static PullRequestSelector OfApp(AppId app) => new(app, null, null);

    /// <summary>A repo_ id and a pr_ id; anything else (<c>all</c> included) is not found.</summary>
    internal static bool TryParse(AppId app, string repository, string pullRequest, out PullRequestSelector selector)
    {
        selector = OfApp(app);
        if (!PublicId.TryParse<RepositoryId>(repository, out var repo) || !PublicId.TryParse<PullRequestId>(pullRequest, out var pr)) return false;
        selector = new PullRequestSelector(app, repo, pr);
        return true;
    }
}

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

    /// <summary>Null when the pull request is not in that repository of the app (or the app is not there).</summary>
    Task<(IReadOnlyList<PullRequestReviewView> Rows, long Total)?> ListReviewsAsync(PullRequestSelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    Task<(IReadOnlyList<PullRequestCommentView> Rows, long Total)?> ListCommentsAsync(PullRequestSelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);

    /// <summary>The commits linked to one pull request (<paramref name="selector"/> names one).</summary>
    Task<(IReadOnlyList<CommitView> Rows, long Total)?> ListPullRequestCommitsAsync(PullRequestSelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct);
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
