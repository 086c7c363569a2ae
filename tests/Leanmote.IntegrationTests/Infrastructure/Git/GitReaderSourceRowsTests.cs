using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Git;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Git;
using Leanmote.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Git;

/// <summary>
/// GitReader's metric source rows against PostgreSQL: reviews, comments and commits of a pull request, one pull
/// request or every pull request of the app, the bot rule of metrics.md §3.9, tie-breaks and isolation.
/// </summary>
[NonParallelizable]
public sealed class GitReaderSourceRowsTests
{
    private NpgsqlDataSource _db = null!;
    private GitReader _reader = null!;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PullRequestSelector AcmeApp = PullRequestSelector.OfApp(new AppId(1));

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync("git_rows");
        _reader = new GitReader(_db, new DbRetry(NullLogger<DbRetry>.Instance));

        await using var conn = await _db.OpenConnectionAsync();
        // pull requests 1 (api) and 2 (web) of Acme's GitHub, 3 of Acme's GitLab, 4 of Globex. Users: Ada, a mapped bot
        // whose login does not say so, and Bea, a person whose login ends in [bot] (the user's flag wins).
        await conn.ExecuteAsync("""
            INSERT INTO organizations (id, name, slug) VALUES (1, 'Acme', 'acme'), (2, 'Globex', 'globex');
            INSERT INTO users (id, name, email, is_bot) VALUES (1, 'Ada', 'ada@acme.example', false), (2, 'CI', 'ci@acme.example', true),
                                                               (3, 'Bea', 'bea@acme.example', false);
            INSERT INTO apps (id, organization_id, provider, category, name) VALUES
              (1, 1, 'github', 'source_control', 'GitHub'), (2, 2, 'github', 'source_control', 'GitHub'), (3, 1, 'gitlab', 'source_control', 'GitLab');
            INSERT INTO repositories (id, organization_id, app_id, name, full_name) VALUES
              (1, 1, 1, 'api', 'acme/api'), (2, 1, 1, 'web', 'acme/web'), (3, 2, 2, 'core', 'globex/core'), (4, 1, 3, 'ops', 'acme/ops');
            INSERT INTO pull_requests (id, organization_id, repository_id, number, title, state, opened_at) VALUES
              (1, 1, 1, 1, 'one', 'open', @At), (2, 1, 2, 1, 'two', 'open', @At), (3, 1, 4, 1, 'three', 'open', @At), (4, 2, 3, 1, 'four', 'open', @At);
            INSERT INTO pull_request_reviews (id, organization_id, pull_request_id, reviewer_id, reviewer_login, state, submitted_at) VALUES
              (1, 1, 1, 1, 'ada', 'approved', @At), (2, 1, 1, NULL, 'renovate[bot]', 'commented', @At), (3, 1, 1, 2, 'ci', 'commented', @At),
              (4, 1, 1, 3, 'bea[bot]', 'changes_requested', @At), (5, 1, 1, NULL, 'octocat', 'dismissed', @Later),
              (6, 1, 2, NULL, NULL, 'approved', @Later), (7, 1, 3, 1, 'ada', 'approved', @At), (8, 2, 4, NULL, 'g', 'approved', @At);
            INSERT INTO pull_request_comments (id, organization_id, pull_request_id, author_id, author_login, kind, created_at) VALUES
              (1, 1, 1, 1, 'ada', 'conversation', @At), (2, 1, 1, NULL, 'dependabot[bot]', 'review_thread', @At),
              (3, 1, 2, NULL, 'octocat', 'conversation', @Later), (4, 1, 3, 1, 'ada', 'conversation', @At), (5, 2, 4, NULL, 'g', 'conversation', @At);
            INSERT INTO commits (id, organization_id, repository_id, sha, author_id, author_login, author_name, committed_at, authored_at, is_merge, created_at) VALUES
              (1, 1, 1, 'a1', 1, 'ada', 'Ada', @At, @Earlier, false, @At), (2, 1, 1, 'a2', NULL, 'octocat', 'Octo', @Later, NULL, true, @At),
              (3, 1, 1, 'a3', 1, 'ada', 'Ada', @At, @At, false, @At), (4, 2, 3, 'g1', NULL, 'g', 'G', @At, NULL, false, @At);
            INSERT INTO pull_request_commits (organization_id, pull_request_id, commit_id) VALUES (1, 1, 1), (1, 1, 2), (1, 2, 3), (2, 4, 4);
            """, new { At = T0.UtcDateTime, Later = T0.AddHours(1).UtcDateTime, Earlier = T0.AddHours(-2).UtcDateTime });
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static QueryOptions Options(QuerySpec spec, params (string, string)[] pairs) => QueryOptionsParser.Parse(spec, QueryParameters.Of(pairs)).Value;

    private static PullRequestSelector One(long app, long repository, long pullRequest) =>
        new(new AppId(app), new RepositoryId(repository), new PullRequestId(pullRequest));

    [Test]
    public async Task ListReviews_OnePullRequest_BotFlagFollowsTheUserElseTheLogin()
    {
        var page = await _reader.ListReviewsAsync(One(1, 1, 1), [1], Options(ListPullRequestReviews.Query.Spec, ("sort", "submitted_at"), ("order", "asc")), CancellationToken.None);
        Assert.That(page!.Value.Total, Is.EqualTo(5));
        Assert.That(page.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }), "tied submitted_at breaks on id");
        var bots = page.Value.Rows.ToDictionary(r => r.Id.Value, r => r.Reviewer.IsBot);
        Assert.That(bots, Is.EqualTo(new Dictionary<long, bool> { [1] = false, [2] = true, [3] = true, [4] = false, [5] = false }));
        Assert.That(page.Value.Rows[0].Reviewer, Is.EqualTo(new GitParticipantView(new UserId(1), "ada", false)));
        Assert.That(page.Value.Rows[0].State, Is.EqualTo("approved"));
    }

    [Test]
    public async Task ListReviews_App_CoversEveryPullRequestOfTheAppOnly()
    {
        var page = await _reader.ListReviewsAsync(AcmeApp, [1], Options(ListAppPullRequestReviews.Query.Spec, ("per_page", "100")), CancellationToken.None);
        Assert.That(page!.Value.Rows.Select(r => r.Id.Value), Is.EquivalentTo(new long[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(page.Value.Rows[0].Id.Value, Is.EqualTo(6), "default sort submitted_at desc, then id desc");
        Assert.That(page.Value.Rows[0].Reviewer, Is.EqualTo(new GitParticipantView(null, null, false)), "no login: not a bot");
    }

    [Test]
    public async Task ListReviews_App_Filters()
    {
        var spec = ListAppPullRequestReviews.Query.Spec;
        var byPull = await _reader.ListReviewsAsync(AcmeApp, [1], Options(spec, ("pull_request_id", "pr_2")), CancellationToken.None);
        Assert.That(byPull!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 6 }));
        var byReviewer = await _reader.ListReviewsAsync(AcmeApp, [1], Options(spec, ("reviewer_id", "usr_1")), CancellationToken.None);
        Assert.That(byReviewer!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 1 }), "Ada's review in GitLab is another app");
        var later = await _reader.ListReviewsAsync(AcmeApp, [1], Options(spec, ("submitted_at[gt]", T0.ToString("O"))), CancellationToken.None);
        Assert.That(later!.Value.Rows.Select(r => r.Id.Value), Is.EquivalentTo(new long[] { 5, 6 }));
        var state = await _reader.ListReviewsAsync(AcmeApp, [1], Options(spec, ("state", "commented")), CancellationToken.None);
        Assert.That(state!.Value.Total, Is.EqualTo(2));
    }

    [TestCase(1, 2, 1, TestName = "ListReviews_PullRequestOfAnotherRepository_IsNull")]
    [TestCase(3, 1, 1, TestName = "ListReviews_RepositoryOfAnotherApp_IsNull")]
    [TestCase(2, 3, 4, TestName = "ListReviews_AnotherOrganizationsPullRequest_IsNull")]
    [TestCase(1, 1, 99, TestName = "ListReviews_NonexistentPullRequest_IsNull")]
    public async Task ListReviews_WrongParent_ReturnsNull(long app, long repository, long pullRequest)
    {
        var options = Options(ListPullRequestReviews.Query.Spec);
        Assert.That(await _reader.ListReviewsAsync(One(app, repository, pullRequest), [1], options, CancellationToken.None), Is.Null);
        Assert.That(await _reader.ListCommentsAsync(One(app, repository, pullRequest), [1], Options(ListPullRequestComments.Query.Spec), CancellationToken.None), Is.Null);
        Assert.That(await _reader.ListPullRequestCommitsAsync(One(app, repository, pullRequest), [1], Options(ListPullRequestCommits.Query.Spec), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ListReviews_AnotherOrganizationsApp_IsNull() =>
        Assert.That(await _reader.ListReviewsAsync(PullRequestSelector.OfApp(new AppId(2)), [1], Options(ListAppPullRequestReviews.Query.Spec), CancellationToken.None), Is.Null);

    [Test]
    public async Task ListComments_KindIsServedAsReviewOrIssue_AndFilterable()
    {
        var spec = ListAppPullRequestComments.Query.Spec;
        var page = await _reader.ListCommentsAsync(AcmeApp, [1], Options(spec, ("sort", "created_at"), ("order", "asc")), CancellationToken.None);
        Assert.That(page!.Value.Rows.Select(r => (r.Id.Value, r.Kind)), Is.EqualTo(new[] { (1L, "issue"), (2L, "review"), (3L, "issue") }));
        Assert.That(page.Value.Rows[1].Author, Is.EqualTo(new GitParticipantView(null, "dependabot[bot]", true)));
        Assert.That(page.Value.Rows[0].Author, Is.EqualTo(new GitParticipantView(new UserId(1), "ada", false)));

        var reviews = await _reader.ListCommentsAsync(AcmeApp, [1], Options(spec, ("kind", "review")), CancellationToken.None);
        Assert.That(reviews!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 2 }));
        var ofAuthor = await _reader.ListCommentsAsync(AcmeApp, [1], Options(spec, ("author_id", "usr_1"), ("pull_request_id", "pr_1")), CancellationToken.None);
        Assert.That(ofAuthor!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public async Task ListComments_OnePullRequest_OnlyItsRows()
    {
        var page = await _reader.ListCommentsAsync(One(1, 2, 2), [1], Options(ListPullRequestComments.Query.Spec), CancellationToken.None);
        Assert.That(page!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 3 }));
        Assert.That(page.Value.Rows[0].PullRequestId, Is.EqualTo(new PullRequestId(2)));
    }

    [Test]
    public async Task ListPullRequestCommits_LinkedCommitsWithMergeFlagAuthoredAtAndLogin()
    {
        var spec = ListPullRequestCommits.Query.Spec;
        var page = await _reader.ListPullRequestCommitsAsync(One(1, 1, 1), [1], Options(spec, ("sort", "committed_at"), ("order", "asc")), CancellationToken.None);
        Assert.That(page!.Value.Total, Is.EqualTo(2), "commit 3 is in the same repository but linked to another pull request");
        var (first, merge) = (page.Value.Rows[0], page.Value.Rows[1]);
        Assert.That(first.Id, Is.EqualTo(new CommitId(1)));
        Assert.That(first.AuthoredAt, Is.EqualTo(T0.AddHours(-2)));
        Assert.That(first.Author, Is.EqualTo(new CommitAuthorView(new UserId(1), "ada", "Ada", null)));
        Assert.That((merge.Id.Value, merge.IsMerge, merge.AuthoredAt, merge.Author.Login), Is.EqualTo((2L, true, (DateTimeOffset?)null, "octocat")));

        var merges = await _reader.ListPullRequestCommitsAsync(One(1, 1, 1), [1], Options(spec, ("is_merge", "false")), CancellationToken.None);
        Assert.That(merges!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 1 }));
    }
    [TestCase("pull_request_reviews", typeof(ListAppPullRequestReviews.Query))]
    [TestCase("pull_request_reviews", typeof(ListPullRequestReviews.Query))]
    [TestCase("pull_request_comments", typeof(ListAppPullRequestComments.Query))]
    [TestCase("pull_request_comments", typeof(ListPullRequestComments.Query))]
    [TestCase("pull_request_commits", typeof(ListPullRequestCommits.Query))]
    public void Spec_SortableAndFilterableFields_AreMappedByTheReader(string map, Type request)
    {
        var spec = (QuerySpec)request.GetProperty("Spec")!.GetValue(null)!;
        var fields = spec.SortableFields.Concat(spec.Filters.Keys).Append(spec.DefaultSort).Distinct().ToList();
        Assert.That(fields.Where(f => !GitReader.ColumnsForTests[map].Contains(f)), Is.Empty);
    }
}
