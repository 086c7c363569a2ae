using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Git;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Git;

/// <summary>
/// Source-control reads. Lists under an app first check, in the same round trip, that the app (or the repository
/// under it) exists in the scope; <c>all</c> covers the app's repositories through a semi-join, which lets the planner
/// walk the (organization, sort column, id) indexes in order for the page.
/// </summary>
internal sealed class GitReader(NpgsqlDataSource db, DbRetry retry) : IGitReader
{
    private const string AppSelect = "a.id, a.organization_id, a.provider, a.category, a.name, a.is_active, a.last_synced_at, a.created_at";
    private const string AppFrom = "FROM apps a WHERE a.organization_id = ANY(@OrganizationIds) AND a.category = 'source_control'";

    private static readonly ColumnMap AppColumns = new(tieBreak: "a.id")
    {
        ["created_at"] = "a.created_at",
        ["name"] = "a.name",
        ["organization_id"] = "a.organization_id",
        ["provider"] = "a.provider",
        ["is_active"] = "a.is_active",
    };

    private const string RepositorySelect =
        "r.id, r.app_id, r.organization_id, r.team_id, r.name, r.full_name, r.default_branch, r.url, r.is_private, r.created_at";
    private const string RepositoryFrom = "FROM repositories r WHERE r.organization_id = ANY(@OrganizationIds) AND r.app_id = @AppId";

    private static readonly ColumnMap RepositoryColumns = new(tieBreak: "r.id")
    {
        ["created_at"] = "r.created_at",
        ["name"] = "r.name",
        ["team_id"] = "r.team_id",
        ["is_private"] = "r.is_private",
    };

    private const string AppGuard = """
        SELECT EXISTS (SELECT 1 FROM apps a WHERE a.id = @AppId AND a.organization_id = ANY(@OrganizationIds) AND a.category = 'source_control');
        """;

    private const string RepositoryGuard = """
        SELECT EXISTS (SELECT 1 FROM repositories r JOIN apps a ON a.organization_id = r.organization_id AND a.id = r.app_id
                       WHERE r.id = @RepositoryId AND r.app_id = @AppId AND r.organization_id = ANY(@OrganizationIds)
                         AND a.category = 'source_control');
        """;

    /// <summary>The repositories a list covers: one (already checked by the guard) or every repository of the app.</summary>
    private const string OneRepository = "= @RepositoryId";
    private const string AppRepositories =
        "IN (SELECT r.id FROM repositories r WHERE r.organization_id = @OrganizationId AND r.app_id = @AppId)";

    private const string CommitSelect = """
        c.id, c.repository_id, c.sha, c.message, c.author_id, c.author_login, c.author_name, c.author_email,
        c.committed_at, c.authored_at, c.additions, c.deletions, c.is_merge, c.created_at
        """;

    private static readonly ColumnMap CommitColumns = new(tieBreak: "c.id")
    {
        ["created_at"] = "c.created_at",
        ["committed_at"] = "c.committed_at",
        ["author_id"] = "c.author_id",
    };

    private static readonly ColumnMap PullRequestCommitColumns = new(tieBreak: "c.id")
    {
        ["created_at"] = "c.created_at",
        ["committed_at"] = "c.committed_at",
        ["authored_at"] = "c.authored_at",
        ["author_id"] = "c.author_id",
        ["is_merge"] = "c.is_merge",
    };

    /// <summary>
    /// The pull requests a list of reviews or comments covers: one (already checked by the guard) or every pull
    /// request of the app's repositories.
    /// </summary>
    private const string OnePullRequest = "= @PullRequestId";
    private const string AppPullRequests = $"IN (SELECT p.id FROM pull_requests p WHERE p.organization_id = @OrganizationId AND p.repository_id {AppRepositories})";

    private const string PullRequestGuard = """
        SELECT EXISTS (SELECT 1 FROM pull_requests p
                       JOIN repositories r ON r.organization_id = p.organization_id AND r.id = p.repository_id
                       JOIN apps a ON a.organization_id = r.organization_id AND a.id = r.app_id
                       WHERE p.id = @PullRequestId AND p.repository_id = @RepositoryId AND r.app_id = @AppId
                         AND p.organization_id = ANY(@OrganizationIds) AND a.category = 'source_control');
        """;

    /// <summary>metrics.md §3.9: a mapped user is a bot by <c>users.is_bot</c>; an unmapped login by its <c>[bot]</c> suffix.</summary>
    private const string ReviewerIsBot = "coalesce(ru.is_bot, right(rv.reviewer_login, 5) = '[bot]', false)";
    private const string CommentAuthorIsBot = "coalesce(cu.is_bot, right(cm.author_login, 5) = '[bot]', false)";

    private const string ReviewSelect = $"rv.id, rv.pull_request_id, rv.reviewer_id, rv.reviewer_login, {ReviewerIsBot} AS reviewer_is_bot, rv.state, rv.submitted_at";

    private static readonly ColumnMap ReviewColumns = new(tieBreak: "rv.id")
    {
        ["submitted_at"] = "rv.submitted_at",
        ["pull_request_id"] = "rv.pull_request_id",
        ["reviewer_id"] = "rv.reviewer_id",
        ["state"] = "rv.state",
    };

    /// <summary>The stored kinds (<c>review_thread</c>, <c>conversation</c>) on the wire as rest-api.md's <c>review</c>, <c>issue</c> (ADR 0040).</summary>
    private const string CommentKind = "CASE cm.kind WHEN 'review_thread' THEN 'review' ELSE 'issue' END";

    private const string CommentSelect = $"cm.id, cm.pull_request_id, cm.author_id, cm.author_login, {CommentAuthorIsBot} AS author_is_bot, {CommentKind} AS kind, cm.created_at";

    private static readonly ColumnMap CommentColumns = new(tieBreak: "cm.id")
    {
        ["created_at"] = "cm.created_at",
        ["pull_request_id"] = "cm.pull_request_id",
        ["author_id"] = "cm.author_id",
        ["kind"] = CommentKind,
    };

    private const string PullRequestSelect = """
        p.id, p.repository_id, p.number, p.title, p.state, p.author_id, p.author_login, au.name AS author_name,
        p.base_branch, p.head_branch, p.additions, p.deletions, p.commits_count, p.comments_count, p.review_count,
        p.is_draft, p.labels, p.opened_at, p.ready_for_review_at, p.first_commit_at, p.first_review_at, p.first_approval_at,
        p.merged_at, p.merged_by_id, p.merged_by_login, p.closed_at, p.is_ai_assisted, p.created_at, p.updated_at
        """;

    private static readonly ColumnMap PullRequestColumns = new(tieBreak: "p.id")
    {
        ["created_at"] = "p.created_at",
        ["opened_at"] = "p.opened_at",
        ["merged_at"] = "p.merged_at",
        ["number"] = "p.number",
        ["state"] = "p.state",
        ["author_id"] = "p.author_id",
        ["is_ai_assisted"] = "p.is_ai_assisted",
    };

    internal static IReadOnlyDictionary<string, ColumnMap> ColumnsForTests { get; } = new Dictionary<string, ColumnMap>
    {
        ["apps"] = AppColumns, ["repositories"] = RepositoryColumns, ["commits"] = CommitColumns, ["pull_requests"] = PullRequestColumns,
        ["pull_request_commits"] = PullRequestCommitColumns, ["pull_request_reviews"] = ReviewColumns, ["pull_request_comments"] = CommentColumns,
    };

    public Task<(IReadOnlyList<GitAppView> Rows, long Total)> ListAppsAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(AppSelect, AppFrom, AppColumns, options);
            list = list.ScopedTo(organizationIds);
            return DbReading.ReadPageAsync<GitAppView>(db, list, token);
        }, ct);

    public Task<(IReadOnlyList<RepositoryView> Rows, long Total)?> ListRepositoriesAsync(AppId app, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(RepositorySelect, RepositoryFrom, RepositoryColumns, options);
            list = list.ScopedTo(organizationIds);
            list.Parameters.Add("AppId", app.Value);
            var page = await ReadGuardedPageAsync<RepositoryView>(AppGuard, list, token);
            return page;
        }, ct);

    public Task<RepositoryView?> GetRepositoryAsync(AppId app, RepositoryId repository, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            const string sql = $"""
                SELECT {RepositorySelect} FROM repositories r JOIN apps a ON a.organization_id = r.organization_id AND a.id = r.app_id
                WHERE r.id = @RepositoryId AND r.app_id = @AppId AND r.organization_id = ANY(@OrganizationIds) AND a.category = 'source_control'
                """;
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<RepositoryView>(new CommandDefinition(sql,
                new { RepositoryId = repository.Value, AppId = app.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<CommitView> Rows, long Total)?> ListCommitsAsync(RepositorySelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var from = $"FROM commits c WHERE c.organization_id = @OrganizationId AND c.repository_id {(selector.Repository is null ? AppRepositories : OneRepository)}";
            var list = ListSql.Build(CommitSelect, from, CommitColumns, options);
            AddSelector(list, selector, organizationIds);
            var page = await ReadGuardedPageAsync<CommitRow>(selector.Repository is null ? AppGuard : RepositoryGuard, list, token);
            return page is { } p ? ((IReadOnlyList<CommitView>)[.. p.Rows.Select(r => r.ToView())], p.Total) : ((IReadOnlyList<CommitView>, long)?)null;
        }, ct);

    public Task<(IReadOnlyList<PullRequestView> Rows, long Total)?> ListPullRequestsAsync(RepositorySelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var from = $"""
                FROM pull_requests p LEFT JOIN users au ON au.id = p.author_id
                WHERE p.organization_id = @OrganizationId AND p.repository_id {(selector.Repository is null ? AppRepositories : OneRepository)}
                """;
            var list = ListSql.Build(PullRequestSelect, from, PullRequestColumns, options);
            AddSelector(list, selector, organizationIds);
            var page = await ReadGuardedPageAsync<PullRequestRow>(selector.Repository is null ? AppGuard : RepositoryGuard, list, token);
            return page is { } p ? ((IReadOnlyList<PullRequestView>)[.. p.Rows.Select(r => r.ToView())], p.Total) : ((IReadOnlyList<PullRequestView>, long)?)null;
        }, ct);

    public Task<(IReadOnlyList<PullRequestReviewView> Rows, long Total)?> ListReviewsAsync(PullRequestSelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var from = $"""
                FROM pull_request_reviews rv LEFT JOIN users ru ON ru.id = rv.reviewer_id
                WHERE rv.organization_id = @OrganizationId AND rv.pull_request_id {(selector.PullRequest is null ? AppPullRequests : OnePullRequest)}
                """;
            var list = ListSql.Build(ReviewSelect, from, ReviewColumns, options);
            AddSelector(list, selector, organizationIds);
            var page = await ReadGuardedPageAsync<ReviewRow>(selector.PullRequest is null ? AppGuard : PullRequestGuard, list, token);
            return page is { } p ? ((IReadOnlyList<PullRequestReviewView>)[.. p.Rows.Select(r => r.ToView())], p.Total) : ((IReadOnlyList<PullRequestReviewView>, long)?)null;
        }, ct);

    public Task<(IReadOnlyList<PullRequestCommentView> Rows, long Total)?> ListCommentsAsync(PullRequestSelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var from = $"""
                FROM pull_request_comments cm LEFT JOIN users cu ON cu.id = cm.author_id
                WHERE cm.organization_id = @OrganizationId AND cm.pull_request_id {(selector.PullRequest is null ? AppPullRequests : OnePullRequest)}
                """;
            var list = ListSql.Build(CommentSelect, from, CommentColumns, options);
            AddSelector(list, selector, organizationIds);
            var page = await ReadGuardedPageAsync<CommentRow>(selector.PullRequest is null ? AppGuard : PullRequestGuard, list, token);
            return page is { } p ? ((IReadOnlyList<PullRequestCommentView>)[.. p.Rows.Select(r => r.ToView())], p.Total) : ((IReadOnlyList<PullRequestCommentView>, long)?)null;
        }, ct);

    public Task<(IReadOnlyList<CommitView> Rows, long Total)?> ListPullRequestCommitsAsync(PullRequestSelector selector, IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct)
    {
        if (selector.PullRequest is null) throw new ArgumentException("the commits of a pull request need one pull request", nameof(selector));
        return retry.RunAsync(async token =>
        {
            const string from = """
                FROM pull_request_commits pc JOIN commits c ON c.organization_id = pc.organization_id AND c.id = pc.commit_id
                WHERE pc.organization_id = @OrganizationId AND pc.pull_request_id = @PullRequestId
                """;
            var list = ListSql.Build(CommitSelect, from, PullRequestCommitColumns, options);
            AddSelector(list, selector, organizationIds);
            var page = await ReadGuardedPageAsync<CommitRow>(PullRequestGuard, list, token);
            return page is { } p ? ((IReadOnlyList<CommitView>)[.. p.Rows.Select(r => r.ToView())], p.Total) : ((IReadOnlyList<CommitView>, long)?)null;
        }, ct);
    }

    private static void AddSelector(ListStatement list, PullRequestSelector selector, IReadOnlyList<long> organizationIds)
    {
        AddSelector(list, new RepositorySelector(selector.App, selector.Repository), organizationIds);
        if (selector.PullRequest is { } pullRequest) list.Parameters.Add("PullRequestId", pullRequest.Value);
    }

    private static void AddSelector(ListStatement list, RepositorySelector selector, IReadOnlyList<long> organizationIds)
    {
        // an app belongs to one organization: the scope the authorization step set is that organization, and a
        // scalar (not ANY(array)) lets the planner walk the (organization_id, sort column, id) indexes in order
        list.Parameters.Add("OrganizationIds", organizationIds.ToArray());
        list.Parameters.Add("OrganizationId", organizationIds.Count == 1 ? organizationIds[0] : 0L);
        list.Parameters.Add("AppId", selector.App.Value);
        if (selector.Repository is { } repository) list.Parameters.Add("RepositoryId", repository.Value);
    }

    private Task<(IReadOnlyList<T> Rows, long Total)?> ReadGuardedPageAsync<T>(string guard, ListStatement list, CancellationToken ct) =>
        DbReading.ReadGuardedPageAsync<T>(db, guard, list, ct);

    private sealed class CommitRow
    {
        public long Id { get; init; }
        public long RepositoryId { get; init; }
        public string Sha { get; init; } = "";
        public string Message { get; init; } = "";
        public long? AuthorId { get; init; }
        public string? AuthorLogin { get; init; }
        public string? AuthorName { get; init; }
        public string? AuthorEmail { get; init; }
        public DateTimeOffset CommittedAt { get; init; }
        public DateTimeOffset? AuthoredAt { get; init; }
        public int Additions { get; init; }
        public int Deletions { get; init; }
        public bool IsMerge { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public CommitView ToView() => new(
            new CommitId(Id), new RepositoryId(RepositoryId), Sha, Message,
            new CommitAuthorView(AuthorId is { } a ? new UserId(a) : null, AuthorLogin, AuthorName, AuthorEmail),
            CommittedAt, AuthoredAt, Additions, Deletions, IsMerge, CreatedAt);
    }

    private sealed class ReviewRow
    {
        public long Id { get; init; }
        public long PullRequestId { get; init; }
        public long? ReviewerId { get; init; }
        public string? ReviewerLogin { get; init; }
        public bool ReviewerIsBot { get; init; }
        public string State { get; init; } = "";
        public DateTimeOffset SubmittedAt { get; init; }

        public PullRequestReviewView ToView() => new(
            new PullRequestReviewId(Id), new PullRequestId(PullRequestId),
            new GitParticipantView(ReviewerId is { } r ? new UserId(r) : null, ReviewerLogin, ReviewerIsBot), State, SubmittedAt);
    }

    private sealed class CommentRow
    {
        public long Id { get; init; }
        public long PullRequestId { get; init; }
        public long? AuthorId { get; init; }
        public string? AuthorLogin { get; init; }
        public bool AuthorIsBot { get; init; }
        public string Kind { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }

        public PullRequestCommentView ToView() => new(
            new PullRequestCommentId(Id), new PullRequestId(PullRequestId),
            new GitParticipantView(AuthorId is { } a ? new UserId(a) : null, AuthorLogin, AuthorIsBot), Kind, CreatedAt);
    }

    private sealed class PullRequestRow
    {
        public long Id { get; init; }
        public long RepositoryId { get; init; }
        public int Number { get; init; }
        public string Title { get; init; } = "";
        public string State { get; init; } = "";
        public long? AuthorId { get; init; }
        public string? AuthorLogin { get; init; }
        public string? AuthorName { get; init; }
        public string BaseBranch { get; init; } = "";
        public string? HeadBranch { get; init; }
        public int Additions { get; init; }
        public int Deletions { get; init; }
        public int CommitsCount { get; init; }
        public int CommentsCount { get; init; }
        public int ReviewCount { get; init; }
        public bool IsDraft { get; init; }
        public string[] Labels { get; init; } = [];
        public DateTimeOffset OpenedAt { get; init; }
        public DateTimeOffset? ReadyForReviewAt { get; init; }
        public DateTimeOffset? FirstCommitAt { get; init; }
        public DateTimeOffset? FirstReviewAt { get; init; }
        public DateTimeOffset? FirstApprovalAt { get; init; }
        public DateTimeOffset? MergedAt { get; init; }
        public long? MergedById { get; init; }
        public string? MergedByLogin { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public bool IsAiAssisted { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public PullRequestView ToView() => new(
            new PullRequestId(Id), new RepositoryId(RepositoryId), Number, Title, State,
            new PullRequestAuthorView(AuthorId is { } a ? new UserId(a) : null, AuthorLogin, AuthorName),
            BaseBranch, HeadBranch, Additions, Deletions, CommitsCount, CommentsCount, ReviewCount, IsDraft, Labels,
            OpenedAt, ReadyForReviewAt, FirstCommitAt, FirstReviewAt, FirstApprovalAt, MergedAt,
            MergedById is null && MergedByLogin is null ? null : new MergedByView(MergedById is { } m ? new UserId(m) : null, MergedByLogin),
            ClosedAt, IsAiAssisted, CreatedAt, UpdatedAt);
    }
}
