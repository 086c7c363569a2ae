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
        ["id", "repository_id", "sha", "message", "author", "committed_at", "additions", "deletions", "created_at"];

    private static readonly string[] PullRequestFields =
    [
        "id", "repository_id", "number", "title", "state", "author", "base_branch", "head_branch", "additions", "deletions",
        "commits_count", "comments_count", "review_count", "is_draft", "labels", "opened_at", "ready_for_review_at", "first_commit_at",
        "first_review_at", "first_approval_at", "merged_at", "merged_by", "closed_at", "is_ai_assisted", "created_at", "updated_at",
    ];

    private string _gitHub = "", _jira = "", _globexGitHub = "", _api = "", _web = "", _globexCore = "";
    private long _firstCommit;
    private long _firstPull;

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
        }

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
            """, ("apps", apps));
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
        Assert.That(EnvelopeAssert.Names(items[0].GetProperty("author")), Is.EquivalentTo(new[] { "user_id", "name", "email" }));
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
}
