using System.Globalization;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>rest-api.md §7 "Git": source-control apps, repositories, commits and pull requests, one repository or <c>all</c>.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class GitTests : ContractTest
{
    private static readonly string[] RepositoryFields =
        ["id", "app_id", "organization_id", "team_id", "name", "full_name", "default_branch", "url", "is_private", "created_at"];

    private static readonly string[] CommitFields =
        ["id", "repository_id", "sha", "message", "author", "committed_at", "authored_at", "additions", "deletions", "is_merge", "created_at"];

    private static readonly string[] ReviewFields = ["id", "pull_request_id", "reviewer", "state", "submitted_at"];
    private static readonly string[] CommentFields = ["id", "pull_request_id", "author", "kind", "created_at"];
    private static readonly string[] ParticipantFields = ["user_id", "login", "is_bot"];

    private static readonly string[] PullRequestFields =
    [
        "id", "repository_id", "number", "title", "state", "author", "base_branch", "head_branch", "additions", "deletions",
        "commits_count", "comments_count", "review_count", "is_draft", "labels", "opened_at", "ready_for_review_at", "first_commit_at",
        "first_review_at", "first_approval_at", "merged_at", "merged_by", "closed_at", "is_ai_assisted", "created_at", "updated_at",
    ];

    private string _gitHub = "", _jira = "", _globexGitHub = "", _api = "", _web = "", _globexCore = "";
    private long _firstCommit;
    private long _firstPull;
    private readonly List<long> _commits = [];
    private readonly List<long> _pulls = [];
    private long _botUser;
    private string _pr1 = "", _pr2 = "", _webPr = "", _globexPr = "";

    private static string Id(string prefix, object? value) => prefix + Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    private static string[] Ids(IEnumerable<JsonElement> items) => [.. items.Select(i => i.GetProperty("id").GetString()!)];

    [OneTimeSetUp]
    public async Task InsertAsync()
    {
        if (!Target.IsInProcess) return;
        var host = Target.Host!;
        async Task<object?> Sql(string sql, params (string, object)[] p) => await host.SqlAsync(sql, p);
        var acme = Data.Acme.Id;
        var globex = Data.Globex.Id;
        var t0 = FixtureData.At("2026-02-01T08:00:00Z");

        async Task<long> AppAsync(long org, string provider, string category) => Convert.ToInt64(await Sql(
            "INSERT INTO apps (organization_id, provider, category, name, created_at) VALUES (@o, @p, @c, @p, @t) RETURNING id",
            ("o", org), ("p", provider), ("c", category), ("t", t0)), CultureInfo.InvariantCulture);
        async Task<long> RepositoryAsync(long org, long app, string name, bool isPrivate) => Convert.ToInt64(await Sql(
            "INSERT INTO repositories (organization_id, app_id, name, full_name, is_private, created_at) VALUES (@o, @a, @n, 'org/' || @n, @p, @t) RETURNING id",
            ("o", org), ("a", app), ("n", name), ("p", isPrivate), ("t", t0)), CultureInfo.InvariantCulture);

        var gitHub = await AppAsync(acme, "github", "source_control");
        var jira = await AppAsync(acme, "jira", "project_management");
        var globexGitHub = await AppAsync(globex, "github", "source_control");
        var api = await RepositoryAsync(acme, gitHub, "api", isPrivate: false);
        var web = await RepositoryAsync(acme, gitHub, "web", isPrivate: true);
        var core = await RepositoryAsync(globex, globexGitHub, "core", isPrivate: true);

        // three commits: two in api (one by Carol), one in web by an unmapped contributor; one at Globex
        (long Org, long Repo, long? Author, string Name, int Day)[] commits =
            [(acme, api, Data.Carol.Id, "Carol Chen", 1), (acme, api, null, "octocat", 2), (acme, web, Data.Bob.Id, "Bob Baker", 3), (globex, core, null, "g", 1)];
        foreach (var (org, repo, author, name, day) in commits)
        {
            var id = Convert.ToInt64(await Sql("""
                INSERT INTO commits (organization_id, repository_id, sha, message, author_id, author_name, author_email, committed_at, created_at)
                VALUES (@o, @r, md5(random()::text), 'change', @a::bigint, @n, 'x@example.test', @t, @t) RETURNING id
                """, ("o", org), ("r", repo), ("a", (object?)author ?? DBNull.Value), ("n", name), ("t", t0.AddDays(day))), CultureInfo.InvariantCulture);
            if (_firstCommit == 0) _firstCommit = id;
            _commits.Add(id);
        }

        (long Org, long Repo, int Number, string State, long? Author, int Day)[] pulls =
            [(acme, api, 1, "merged", Data.Carol.Id, 1), (acme, api, 2, "open", null, 2), (acme, web, 1, "merged", Data.Bob.Id, 3), (globex, core, 1, "open", null, 1)];
        foreach (var (org, repo, number, state, author, day) in pulls)
        {
            var id = Convert.ToInt64(await Sql("""
                INSERT INTO pull_requests (organization_id, repository_id, number, title, state, author_id, author_login, opened_at, merged_at,
                                           merged_by_id, merged_by_login, labels, created_at, updated_at)
                VALUES (@o, @r, @n, 'pr', @s, @a::bigint, 'login', @t, CASE WHEN @s = 'merged' THEN @t END,
                        CASE WHEN @s = 'merged' THEN @a::bigint END, CASE WHEN @s = 'merged' THEN 'merger' END, '{backend}', @t, @t) RETURNING id
                """, ("o", org), ("r", repo), ("n", number), ("s", state), ("a", (object?)author ?? DBNull.Value), ("t", t0.AddDays(day))), CultureInfo.InvariantCulture);
            if (_firstPull == 0) _firstPull = id;
            _pulls.Add(id);
        }

        // metric source rows of pull requests (rest-api.md "Metric source rows"). A mapped bot user whose login does not say
        // so; an unmapped login ending in [bot]; Carol, a person.
        _botUser = Convert.ToInt64(await Sql("INSERT INTO users (name, email, is_bot) VALUES ('CI', 'ci-git-tests@example.test', true) RETURNING id"),
            CultureInfo.InvariantCulture);
        var (pr1, pr2, webPr, globexPr) = (_pulls[0], _pulls[1], _pulls[2], _pulls[3]);
        (long Org, long Pull, long? Reviewer, string Login, string State, int Hour)[] reviews =
        [
            (acme, pr1, Data.Carol.Id, "carol", "approved", 1), (acme, pr1, null, "renovate[bot]", "commented", 2), (acme, pr1, _botUser, "ci", "commented", 3),
            (acme, webPr, Data.Bob.Id, "bob", "changes_requested", 4), (globex, globexPr, null, "g", "approved", 1),
        ];
        foreach (var (org, pull, reviewer, login, state, hour) in reviews)
        {
            await Sql("""
                INSERT INTO pull_request_reviews (organization_id, pull_request_id, reviewer_id, reviewer_login, state, submitted_at)
                VALUES (@o, @p, @u::bigint, @l, @s, @t)
                """, ("o", org), ("p", pull), ("u", (object?)reviewer ?? DBNull.Value), ("l", login), ("s", state), ("t", t0.AddDays(1).AddHours(hour)));
        }
        (long Org, long Pull, long? Author, string Login, string Kind, int Hour)[] comments =
        [
            (acme, pr1, Data.Carol.Id, "carol", "conversation", 1), (acme, pr1, null, "dependabot[bot]", "review_thread", 2),
            (acme, pr2, null, "octocat", "conversation", 3), (globex, globexPr, null, "g", "conversation", 1),
        ];
        foreach (var (org, pull, author, login, kind, hour) in comments)
        {
            await Sql("""
                INSERT INTO pull_request_comments (organization_id, pull_request_id, author_id, author_login, kind, created_at)
                VALUES (@o, @p, @u::bigint, @l, @k, @t)
                """, ("o", org), ("p", pull), ("u", (object?)author ?? DBNull.Value), ("l", login), ("k", kind), ("t", t0.AddDays(2).AddHours(hour)));
        }
        // pull request 1 of api holds both api commits; the second is a merge commit by an unmapped login
        await Sql("UPDATE commits SET author_login = 'carol', authored_at = committed_at - interval '1 hour' WHERE id = @c", ("c", _commits[0]));
        await Sql("UPDATE commits SET author_login = 'octocat', is_merge = true WHERE id = @c", ("c", _commits[1]));
        foreach (var commit in new[] { _commits[0], _commits[1] })
        {
            await Sql("INSERT INTO pull_request_commits (organization_id, pull_request_id, commit_id) VALUES (@o, @p, @c)", ("o", acme), ("p", pr1), ("c", commit));
        }
        (_pr1, _pr2, _webPr, _globexPr) = (Id("pr_", pr1), Id("pr_", pr2), Id("pr_", webPr), Id("pr_", globexPr));

        (_gitHub, _jira, _globexGitHub) = (Id("app_", gitHub), Id("app_", jira), Id("app_", globexGitHub));
        (_api, _web, _globexCore) = (Id("repo_", api), Id("repo_", web), Id("repo_", core));
    }

    /// <summary>Leaves Acme and Globex as the shared fixture made them, for the fixtures that count their rows.</summary>
    [OneTimeTearDown]
    public async Task DeleteAsync()
    {
        if (!Target.IsInProcess || _gitHub.Length == 0) return;
        long[] apps = [.. new[] { _gitHub, _jira, _globexGitHub }.Select(a => long.Parse(a[4..], CultureInfo.InvariantCulture))];
        await Target.Host!.SqlAsync("""
            DELETE FROM pull_requests p USING repositories r WHERE r.organization_id = p.organization_id AND r.id = p.repository_id AND r.app_id = ANY(@apps);
            DELETE FROM commits c USING repositories r WHERE r.organization_id = c.organization_id AND r.id = c.repository_id AND r.app_id = ANY(@apps);
            DELETE FROM repositories WHERE app_id = ANY(@apps);
            DELETE FROM apps WHERE id = ANY(@apps);
            DELETE FROM users WHERE id = @bot;
            """, ("apps", apps), ("bot", _botUser));
    }

    [Test]
    public async Task Apps_ListsOnlyTheCallersSourceControlApps()
    {
        var response = await Api.GetAsync("/v1/git/apps", Data.CarolToken);
        var items = EnvelopeAssert.List(response);
        Assert.That(Ids(items), Is.EqualTo(new[] { _gitHub }));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EquivalentTo(new[] { "id", "organization_id", "provider", "category", "name", "is_active", "last_synced_at", "created_at" }));
        Assert.That(items[0].GetProperty("category").GetString(), Is.EqualTo("source_control"));
        Assert.That(EnvelopeAssert.Meta(response).Total, Is.EqualTo(1));
    }

    [Test]
    public async Task Repositories_SortAndFilter()
    {
        var response = await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories?sort=name&order=asc", Data.CarolToken);
        var items = EnvelopeAssert.List(response);
        Assert.That(Ids(items), Is.EqualTo(new[] { _api, _web }));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EquivalentTo(RepositoryFields));
        Assert.That(EnvelopeAssert.Meta(response).Sort, Is.EqualTo("name"));

        var privateOnly = EnvelopeAssert.List(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories?is_private=true", Data.CarolToken));
        Assert.That(Ids(privateOnly), Is.EqualTo(new[] { _web }));
    }

    [Test]
    public async Task Repositories_AppThatIsNotSourceControl_Is404() =>
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/git/apps/{_jira}/repositories", Data.CarolToken), 404, "NOT_FOUND");

    [TestCase("repositories", TestName = "Repositories_OtherOrganizationsApp_Is403")]
    [TestCase("repositories/all/commits", TestName = "AllCommits_OtherOrganizationsApp_Is403")]
    [TestCase("repositories/all/pull-requests", TestName = "AllPullRequests_OtherOrganizationsApp_Is403")]
    [TestCase("repositories/all/pull-request-reviews", TestName = "AllReviews_OtherOrganizationsApp_Is403")]
    [TestCase("repositories/all/pull-request-comments", TestName = "AllComments_OtherOrganizationsApp_Is403")]
    public async Task OtherOrganizationsApp_Is403(string tail) =>
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/git/apps/{_globexGitHub}/{tail}", Data.CarolToken), 403, "FORBIDDEN");

    [TestCase("/v1/git/apps/app_999999/repositories", TestName = "Repositories_NonexistentApp_Is404")]
    [TestCase("/v1/git/apps/app_999999/repositories/all/commits", TestName = "AllCommits_NonexistentApp_Is404")]
    [TestCase("/v1/git/apps/repo_1/repositories", TestName = "Repositories_WrongPrefix_Is404")]
    public async Task Nonexistent_Is404(string path) =>
        EnvelopeAssert.Error(await Api.GetAsync(path, Data.CarolToken), 404, "NOT_FOUND");

    [Test]
    public async Task Repository_GetOne_AndNotUnderTheApp_Is404()
    {
        var data = EnvelopeAssert.Single(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/{_api}", Data.CarolToken));
        Assert.That(EnvelopeAssert.Names(data), Is.EquivalentTo(RepositoryFields));
        Assert.That(data.GetProperty("app_id").GetString(), Is.EqualTo(_gitHub));
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/{_globexCore}", Data.CarolToken), 404, "NOT_FOUND");
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/git/apps/{_jira}/repositories/{_api}", Data.CarolToken), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Commits_All_CoversEveryRepositoryOfTheApp()
    {
        var response = await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/all/commits?sort=committed_at&order=asc", Data.CarolToken);
        var items = EnvelopeAssert.List(response);
        Assert.That(items, Has.Length.EqualTo(3));
        Assert.That(EnvelopeAssert.Meta(response).Total, Is.EqualTo(3));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EquivalentTo(CommitFields));
        Assert.That(EnvelopeAssert.Names(items[0].GetProperty("author")), Is.EquivalentTo(new[] { "user_id", "login", "name", "email" }));
        Assert.That(items[0].GetProperty("author").GetProperty("user_id").GetString(), Is.EqualTo(Data.Carol.PublicId));
        Assert.That(items[1].GetProperty("author").GetProperty("user_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Commits_OneRepository_FilterAndNestedProjection()
    {
        var response = await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/{_api}/commits?author_id={Data.Carol.PublicId}&fields=id,author.name", Data.CarolToken);
        var item = EnvelopeAssert.List(response).Single();
        Assert.That(EnvelopeAssert.Names(item), Is.EquivalentTo(new[] { "id", "author" }));
        Assert.That(EnvelopeAssert.Names(item.GetProperty("author")), Is.EqualTo(new[] { "name" }));
        Assert.That(item.GetProperty("author").GetProperty("name").GetString(), Is.EqualTo("Carol Chen"));
        Assert.That(item.GetProperty("id").GetString(), Is.EqualTo(Id("cmt_", _firstCommit)));
    }

    [TestCase("repo_x", TestName = "Commits_UnparseableRepository_Is404")]
    [TestCase("all2", TestName = "Commits_AllWithSuffix_Is404")]
    [TestCase("repo_999999", TestName = "Commits_NonexistentRepository_Is404")]
    public async Task Commits_BadRepositorySegment_Is404(string segment) =>
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/{segment}/commits", Data.CarolToken), 404, "NOT_FOUND");

    [Test]
    public async Task Commits_RepositoryOfAnotherOrganizationUnderOwnApp_Is404() =>
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/{_globexCore}/commits", Data.CarolToken), 404, "NOT_FOUND");

    [Test]
    public async Task Commits_UnknownSort_Is400() =>
        EnvelopeAssert.Validation(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/all/commits?sort=sha", Data.CarolToken), "sort");

    [Test]
    public async Task PullRequests_All_StateFilterSortAndNestedObjects()
    {
        var response = await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/all/pull-requests?state=merged&sort=opened_at&order=asc", Data.CarolToken);
        var items = EnvelopeAssert.List(response);
        Assert.That(items, Has.Length.EqualTo(2));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EquivalentTo(PullRequestFields));
        Assert.That(items[0].GetProperty("id").GetString(), Is.EqualTo(Id("pr_", _firstPull)));
        Assert.That(items[0].GetProperty("author").GetProperty("name").GetString(), Is.EqualTo("Carol Chen"));
        Assert.That(items[0].GetProperty("merged_by").GetProperty("login").GetString(), Is.EqualTo("merger"));
        Assert.That(items[0].GetProperty("labels")[0].GetString(), Is.EqualTo("backend"));
        Assert.That(items[1].GetProperty("repository_id").GetString(), Is.EqualTo(_web));
    }

    [Test]
    public async Task PullRequests_OneRepository_AuthorWithoutUserHasNullNameAndNoMergedBy()
    {
        var items = EnvelopeAssert.List(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/{_api}/pull-requests?state=open", Data.CarolToken));
        var open = items.Single();
        Assert.That(open.GetProperty("author").GetProperty("name").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(open.GetProperty("merged_by").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task PullRequests_BadState_Is400() =>
        EnvelopeAssert.Validation(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/all/pull-requests?state=draft", Data.CarolToken), "state");
    private string PullRequestPath(string repository, string pullRequest, string tail) =>
        $"/v1/git/apps/{_gitHub}/repositories/{repository}/pull-requests/{pullRequest}/{tail}";

    [Test]
    public async Task Reviews_OnePullRequest_FieldsSortAndBotFlag()
    {
        var response = await Api.GetAsync(PullRequestPath(_api, _pr1, "reviews?sort=submitted_at&order=asc"), Data.CarolToken);
        var items = EnvelopeAssert.List(response);
        Assert.That(items, Has.Length.EqualTo(3));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EquivalentTo(ReviewFields));
        Assert.That(EnvelopeAssert.Names(items[0].GetProperty("reviewer")), Is.EquivalentTo(ParticipantFields));
        Assert.That(Ids(items), Has.All.StartsWith("prr_"));
        Assert.That(items.Select(i => i.GetProperty("pull_request_id").GetString()), Has.All.EqualTo(_pr1));
        Assert.That(items.Select(i => i.GetProperty("state").GetString()), Is.EqualTo(new[] { "approved", "commented", "commented" }));
        // Carol is a person; renovate[bot] is unmapped with a [bot] login; the third is a user flagged as a bot (metrics.md §3.9)
        Assert.That(items.Select(i => i.GetProperty("reviewer").GetProperty("is_bot").GetBoolean()), Is.EqualTo(new[] { false, true, true }));
        Assert.That(items[0].GetProperty("reviewer").GetProperty("user_id").GetString(), Is.EqualTo(Data.Carol.PublicId));
        Assert.That(items[1].GetProperty("reviewer").GetProperty("user_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(items[1].GetProperty("reviewer").GetProperty("login").GetString(), Is.EqualTo("renovate[bot]"));
        Assert.That(EnvelopeAssert.Meta(response).Sort, Is.EqualTo("submitted_at"));
    }

    [Test]
    public async Task Reviews_All_PagingWithTotalsAndFilters()
    {
        var all = $"/v1/git/apps/{_gitHub}/repositories/all/pull-request-reviews";
        var first = await Api.GetAsync(all + "?per_page=3", Data.CarolToken);
        var second = await Api.GetAsync(all + "?per_page=3&page=2", Data.CarolToken);
        Assert.That(EnvelopeAssert.Meta(first).Total, Is.EqualTo(4), "Globex's review is another app");
        var seen = Ids(EnvelopeAssert.List(first)).Concat(Ids(EnvelopeAssert.List(second))).ToList();
        Assert.That(seen, Has.Count.EqualTo(4).And.Unique);
        Assert.That(EnvelopeAssert.List(first)[0].GetProperty("state").GetString(), Is.EqualTo("changes_requested"), "default: submitted_at desc");

        var ofWeb = EnvelopeAssert.List(await Api.GetAsync(all + $"?pull_request_id={_webPr}", Data.CarolToken));
        Assert.That(ofWeb.Single().GetProperty("reviewer").GetProperty("user_id").GetString(), Is.EqualTo(Data.Bob.PublicId));
        var ofCarol = EnvelopeAssert.List(await Api.GetAsync(all + $"?reviewer_id={Data.Carol.PublicId}", Data.CarolToken));
        Assert.That(ofCarol.Single().GetProperty("state").GetString(), Is.EqualTo("approved"));
        var late = EnvelopeAssert.List(await Api.GetAsync(all + "?submitted_at[gte]=2026-02-02T11:00:00Z", Data.CarolToken));
        Assert.That(late.Select(i => i.GetProperty("state").GetString()), Is.EqualTo(new[] { "changes_requested", "commented" }));
    }

    [TestCase("reviews?state=pending", "state", TestName = "Reviews_BadState_Is400")]
    [TestCase("reviews?pull_request_id=pr_1", "pull_request_id", TestName = "Reviews_OnePullRequest_PullRequestFilter_Is400")]
    [TestCase("reviews?sort=created_at", "sort", TestName = "Reviews_UnknownSort_Is400")]
    [TestCase("comments?kind=conversation", "kind", TestName = "Comments_StoredKindName_Is400")]
    [TestCase("commits?is_merge=maybe", "is_merge", TestName = "PullRequestCommits_BadBoolean_Is400")]
    public async Task PullRequestRows_BadParameter_Is400(string tail, string field) =>
        EnvelopeAssert.Validation(await Api.GetAsync(PullRequestPath(_api, _pr1, tail), Data.CarolToken), field);

    [Test]
    public async Task Comments_KindBotFlagAndNestedProjection()
    {
        var items = EnvelopeAssert.List(await Api.GetAsync(PullRequestPath(_api, _pr1, "comments?order=asc"), Data.CarolToken));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EquivalentTo(CommentFields));
        Assert.That(EnvelopeAssert.Names(items[0].GetProperty("author")), Is.EquivalentTo(ParticipantFields));
        Assert.That(Ids(items), Has.All.StartsWith("prc_"));
        Assert.That(items.Select(i => i.GetProperty("kind").GetString()), Is.EqualTo(new[] { "issue", "review" }));
        Assert.That(items.Select(i => i.GetProperty("author").GetProperty("is_bot").GetBoolean()), Is.EqualTo(new[] { false, true }));

        var projected = EnvelopeAssert.List(await Api.GetAsync(
            $"/v1/git/apps/{_gitHub}/repositories/all/pull-request-comments?kind=issue&fields=id,author.login&sort=created_at&order=asc", Data.CarolToken));
        Assert.That(projected, Has.Length.EqualTo(2));
        Assert.That(EnvelopeAssert.Names(projected[0]), Is.EquivalentTo(new[] { "id", "author" }));
        Assert.That(EnvelopeAssert.Names(projected[0].GetProperty("author")), Is.EqualTo(new[] { "login" }));
        Assert.That(projected.Select(i => i.GetProperty("author").GetProperty("login").GetString()), Is.EqualTo(new[] { "carol", "octocat" }));

        var ofPr2 = EnvelopeAssert.List(await Api.GetAsync($"/v1/git/apps/{_gitHub}/repositories/all/pull-request-comments?pull_request_id={_pr2}", Data.CarolToken));
        Assert.That(ofPr2.Single().GetProperty("pull_request_id").GetString(), Is.EqualTo(_pr2));
    }

    [Test]
    public async Task PullRequestCommits_LinkedCommitsWithMergeFlagAuthoredAtAndLogin()
    {
        var response = await Api.GetAsync(PullRequestPath(_api, _pr1, "commits?sort=committed_at&order=asc"), Data.CarolToken);
        var items = EnvelopeAssert.List(response);
        Assert.That(Ids(items), Is.EqualTo(new[] { Id("cmt_", _commits[0]), Id("cmt_", _commits[1]) }));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EquivalentTo(CommitFields));
        Assert.That(items[0].GetProperty("author").GetProperty("login").GetString(), Is.EqualTo("carol"));
        Assert.That(items[0].GetProperty("authored_at").GetString(), Is.EqualTo("2026-02-02T07:00:00Z"));
        Assert.That(items[0].GetProperty("is_merge").GetBoolean(), Is.False);
        Assert.That(items[1].GetProperty("is_merge").GetBoolean(), Is.True);
        Assert.That(items[1].GetProperty("authored_at").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var merges = EnvelopeAssert.List(await Api.GetAsync(PullRequestPath(_api, _pr1, "commits?is_merge=true&fields=id"), Data.CarolToken));
        Assert.That(Ids(merges), Is.EqualTo(new[] { Id("cmt_", _commits[1]) }));
        Assert.That(EnvelopeAssert.List(await Api.GetAsync(PullRequestPath(_api, _pr2, "commits"), Data.CarolToken)), Is.Empty);
    }

    [TestCase("reviews")]
    [TestCase("comments")]
    [TestCase("commits")]
    public async Task PullRequestRows_PullRequestNotUnderThePath_Is404(string tail)
    {
        // a pull request of another repository of the app, Globex's pull request, one that does not exist, not a pr_ id
        foreach (var (repository, pullRequest) in new[] { (_api, _webPr), (_api, _globexPr), (_globexCore, _globexPr), (_api, "pr_999999"), (_api, "prr_1"), ("all", _pr1) })
        {
            EnvelopeAssert.Error(await Api.GetAsync(PullRequestPath(repository, pullRequest, tail), Data.CarolToken), 404, "NOT_FOUND");
        }
    }

    [TestCase("reviews")]
    [TestCase("comments")]
    [TestCase("commits")]
    public async Task PullRequestRows_OtherOrganizationsApp_Is403(string tail) =>
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/git/apps/{_globexGitHub}/repositories/{_globexCore}/pull-requests/{_globexPr}/{tail}", Data.CarolToken),
            403, "FORBIDDEN");
}
