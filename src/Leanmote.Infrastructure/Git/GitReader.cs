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
        c.id, c.repository_id, c.sha, c.message, c.author_id, c.author_name, c.author_email,
        c.committed_at, c.additions, c.deletions, c.created_at
        """;

    private static readonly ColumnMap CommitColumns = new(tieBreak: "c.id")
    {
        ["created_at"] = "c.created_at",
        ["committed_at"] = "c.committed_at",
        ["author_id"] = "c.author_id",
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
        public string? AuthorName { get; init; }
        public string? AuthorEmail { get; init; }
        public DateTimeOffset CommittedAt { get; init; }
        public int Additions { get; init; }
        public int Deletions { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public CommitView ToView() => new(
            new CommitId(Id), new RepositoryId(RepositoryId), Sha, Message,
            new CommitAuthorView(AuthorId is { } a ? new UserId(a) : null, AuthorName, AuthorEmail),
            CommittedAt, Additions, Deletions, CreatedAt);
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
