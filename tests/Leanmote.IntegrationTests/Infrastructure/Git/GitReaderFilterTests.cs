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
/// GitReader: every filter and operator of the Git lists, both sort directions over tied values, pages past the end,
/// and tenant isolation (Globex rows carry the same ids of parents, dates and authors as Acme's and never appear).
/// </summary>
[NonParallelizable]
public sealed class GitReaderFilterTests
{
    private const string Purpose = "git_filters";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RepositorySelector AcmeAll = new(new AppId(1), null);
    private static readonly long[] Acme = [1];
    private NpgsqlDataSource _db = null!;
    private GitReader _reader = null!;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync(Purpose);
        _reader = new GitReader(_db, new DbRetry(NullLogger<DbRetry>.Instance));
        await using var conn = await _db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO organizations (id, name, slug) VALUES (1, 'Acme', 'acme'), (2, 'Globex', 'globex');
            INSERT INTO users (id, name, email) VALUES (1, 'Ada', 'ada@acme.example'), (2, 'Bo', 'bo@acme.example');
            INSERT INTO teams (id, organization_id, name) VALUES (1, 1, 'Platform'), (2, 2, 'Core');
            INSERT INTO apps (id, organization_id, provider, category, name, created_at) VALUES
              (1, 1, 'github', 'source_control', 'GitHub', @T0), (2, 1, 'jira', 'project_management', 'Jira', @T0),
              (3, 2, 'github', 'source_control', 'GitHub', @T0), (4, 1, 'gitlab', 'source_control', 'GitLab', @T0);
            INSERT INTO repositories (id, organization_id, app_id, team_id, name, full_name, is_private, created_at) VALUES
              (1, 1, 1, NULL, 'web', 'acme/web', true, @T0), (2, 1, 1, 1, 'api', 'acme/api', false, @T0),
              (3, 1, 1, 1, 'cli', 'acme/cli', true, @T1), (4, 2, 3, 2, 'core', 'globex/core', false, @T0),
              (5, 1, 4, NULL, 'ops', 'acme/ops', true, @T0);
            """, new { T0, T1 = T0.AddDays(1) });

        // commits 1..6 in Acme's GitHub repositories 1 and 2, ties in pairs on both timestamps; 7 in the GitLab repository;
        // 8 at Globex with the same dates and author
        (long Id, long Org, long Repo, long? Author, int CommittedDay, int CreatedDay)[] commits =
        [
            (1, 1, 1, 1, 0, 3), (2, 1, 2, 1, 0, 3), (3, 1, 1, 2, 1, 2), (4, 1, 2, null, 1, 2), (5, 1, 1, 2, 2, 1), (6, 1, 2, 1, 2, 1),
            (7, 1, 5, 1, 0, 0), (8, 2, 4, 1, 0, 0),
        ];
        foreach (var c in commits)
        {
            await conn.ExecuteAsync("""
                INSERT INTO commits (id, organization_id, repository_id, sha, message, author_id, author_name, author_email, committed_at, created_at)
                VALUES (@Id, @Org, @Repo, 'sha' || @Id, 'm', @Author, 'Ada', 'ada@acme.example', @Committed, @Created)
                """, new { c.Id, c.Org, c.Repo, c.Author, Committed = T0.AddDays(c.CommittedDay), Created = T0.AddDays(c.CreatedDay) });
        }

        // pull requests 1..6 in Acme's GitHub repositories, 7 at Globex (same dates)
        (long Id, long Org, long Repo, int Number, string State, long? Author, bool Ai, int OpenedDay, int? MergedDay, int CreatedDay)[] pulls =
        [
            (1, 1, 1, 1, "merged", 1, true, 0, 1, 0), (2, 1, 2, 1, "merged", 2, false, 0, 1, 0), (3, 1, 1, 2, "open", 1, false, 1, null, 1),
            (4, 1, 2, 2, "closed", null, true, 1, null, 1), (5, 1, 1, 3, "merged", 2, false, 2, 3, 2), (6, 1, 2, 3, "open", 1, false, 2, null, 2),
            (7, 2, 4, 1, "merged", 1, true, 0, 1, 0),
        ];
        foreach (var p in pulls)
        {
            await conn.ExecuteAsync("""
                INSERT INTO pull_requests (id, organization_id, repository_id, number, title, state, author_id, author_login, is_ai_assisted,
                                           opened_at, merged_at, merged_by_id, merged_by_login, created_at, updated_at)
                VALUES (@Id, @Org, @Repo, @Number, 't', @State, @Author, 'login', @Ai, @Opened, @Merged,
                        CASE WHEN @Merged IS NULL THEN NULL ELSE 2 END, CASE WHEN @Merged IS NULL THEN NULL ELSE 'bo' END, @Created, @Created)
                """, new
            {
                p.Id, p.Org, p.Repo, p.Number, p.State, p.Author, p.Ai, Opened = T0.AddDays(p.OpenedDay),
                Merged = p.MergedDay is { } m ? T0.AddDays(m) : (DateTimeOffset?)null, Created = T0.AddDays(p.CreatedDay),
            });
        }
    }

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await TestDatabase.DropAsync(Purpose);
    }

    private static QueryOptions Parse(QuerySpec spec, string query) =>
        QueryOptionsParser.Parse(spec, QueryParameters.Of([.. query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=')).Select(kv => (kv[0], kv[1]))])).Value;

    private async Task<long[]> CommitIdsAsync(string query, RepositorySelector? selector = null, long[]? scope = null)
    {
        var page = await _reader.ListCommitsAsync(selector ?? AcmeAll, scope ?? Acme, Parse(ListCommits.Query.Spec, query), CancellationToken.None);
        Assert.That(page, Is.Not.Null);
        Assert.That(page!.Value.Total, Is.GreaterThanOrEqualTo(page.Value.Rows.Count));
        return [.. page.Value.Rows.Select(r => r.Id.Value)];
    }

    private async Task<long[]> PullRequestIdsAsync(string query, RepositorySelector? selector = null)
    {
        var page = await _reader.ListPullRequestsAsync(selector ?? AcmeAll, Acme, Parse(ListPullRequests.Query.Spec, query), CancellationToken.None);
        return [.. page!.Value.Rows.Select(r => r.Id.Value)];
    }

    // ---- commits ----

    [TestCase("", new long[] { 2, 1, 4, 3, 6, 5 }, TestName = "Commits_DefaultSort_CreatedAtDescIdDesc")]
    [TestCase("order=asc", new long[] { 5, 6, 3, 4, 1, 2 }, TestName = "Commits_CreatedAtAsc_TiesByIdAsc")]
    [TestCase("sort=committed_at", new long[] { 6, 5, 4, 3, 2, 1 }, TestName = "Commits_CommittedAtDesc")]
    [TestCase("sort=committed_at&order=asc", new long[] { 1, 2, 3, 4, 5, 6 }, TestName = "Commits_CommittedAtAsc")]
    [TestCase("author_id=usr_2", new long[] { 3, 5 }, TestName = "Commits_AuthorFilter")]
    [TestCase("author_id=usr_999", new long[0], TestName = "Commits_AuthorFilterUnknownUser_IsEmpty")]
    [TestCase("committed_at[eq]=2026-03-02", new long[] { 4, 3 }, TestName = "Commits_CommittedAtEqDay")]
    [TestCase("committed_at[gte]=2026-03-02", new long[] { 4, 3, 6, 5 }, TestName = "Commits_CommittedAtGte")]
    [TestCase("committed_at[gt]=2026-03-02", new long[] { 6, 5 }, TestName = "Commits_CommittedAtGtDay")]
    [TestCase("committed_at[lte]=2026-03-02", new long[] { 2, 1, 4, 3 }, TestName = "Commits_CommittedAtLteDay")]
    [TestCase("committed_at[lt]=2026-03-02", new long[] { 2, 1 }, TestName = "Commits_CommittedAtLtDay")]
    [TestCase("committed_at[gte]=2026-03-02T12:00:00Z&committed_at[lt]=2026-03-03T12:00:00Z", new long[] { 4, 3 }, TestName = "Commits_CommittedAtExactRange")]
    [TestCase("created_at[gte]=2026-03-03&created_at[lte]=2026-03-04", new long[] { 2, 1, 4, 3 }, TestName = "Commits_CreatedAtDayRange")]
    [TestCase("created_at[gt]=2026-03-03T12:00:00Z", new long[] { 2, 1 }, TestName = "Commits_CreatedAtGtExact")]
    [TestCase("author_id=usr_1&sort=committed_at&order=asc", new long[] { 1, 2, 6 }, TestName = "Commits_AuthorFilterSorted")]
    public async Task ListCommits_FiltersAndSorts(string query, long[] expected) =>
        Assert.That(await CommitIdsAsync(query), Is.EqualTo(expected));

    [Test]
    public async Task ListCommits_OneRepository_OnlyItsCommits() =>
        Assert.That(await CommitIdsAsync("sort=committed_at&order=asc", new RepositorySelector(new AppId(1), new RepositoryId(2))), Is.EqualTo(new long[] { 2, 4, 6 }));

    [Test]
    public async Task ListCommits_PagePastTheEnd_EmptyWithTotal()
    {
        var page = await _reader.ListCommitsAsync(AcmeAll, Acme, Parse(ListCommits.Query.Spec, "page=3&per_page=5"), CancellationToken.None);
        Assert.That(page!.Value.Rows, Is.Empty);
        Assert.That(page.Value.Total, Is.EqualTo(6));
    }

    [Test]
    public async Task ListCommits_OtherOrganizationsScope_SeesNothingOfAcme()
    {
        Assert.That(await _reader.ListCommitsAsync(AcmeAll, [2], Parse(ListCommits.Query.Spec, ""), CancellationToken.None), Is.Null);
        Assert.That(await _reader.ListCommitsAsync(new RepositorySelector(new AppId(1), new RepositoryId(1)), [2], Parse(ListCommits.Query.Spec, ""), CancellationToken.None), Is.Null);
        Assert.That(await CommitIdsAsync("", new RepositorySelector(new AppId(3), null), [2]), Is.EqualTo(new long[] { 8 }));
    }

    [Test]
    public async Task ListCommits_AnotherOrganizationsRepositoryUnderOwnApp_IsNull() =>
        Assert.That(await _reader.ListCommitsAsync(new RepositorySelector(new AppId(1), new RepositoryId(4)), Acme, Parse(ListCommits.Query.Spec, ""), CancellationToken.None), Is.Null);

    // ---- pull requests ----

    [TestCase("", new long[] { 6, 5, 4, 3, 2, 1 }, TestName = "PullRequests_DefaultSort_CreatedAtDesc")]
    [TestCase("order=asc", new long[] { 1, 2, 3, 4, 5, 6 }, TestName = "PullRequests_CreatedAtAsc")]
    [TestCase("sort=number&order=asc", new long[] { 1, 2, 3, 4, 5, 6 }, TestName = "PullRequests_NumberAsc_TiesById")]
    [TestCase("sort=number", new long[] { 6, 5, 4, 3, 2, 1 }, TestName = "PullRequests_NumberDesc_TiesById")]
    [TestCase("sort=opened_at&order=asc", new long[] { 1, 2, 3, 4, 5, 6 }, TestName = "PullRequests_OpenedAtAsc")]
    [TestCase("sort=merged_at&order=asc&state=merged", new long[] { 1, 2, 5 }, TestName = "PullRequests_MergedAtAsc")]
    [TestCase("sort=merged_at&state=merged", new long[] { 5, 2, 1 }, TestName = "PullRequests_MergedAtDesc")]
    [TestCase("state=open", new long[] { 6, 3 }, TestName = "PullRequests_StateOpen")]
    [TestCase("state=closed", new long[] { 4 }, TestName = "PullRequests_StateClosed")]
    [TestCase("author_id=usr_2", new long[] { 5, 2 }, TestName = "PullRequests_AuthorFilter")]
    [TestCase("is_ai_assisted=true", new long[] { 4, 1 }, TestName = "PullRequests_AiAssisted")]
    [TestCase("is_ai_assisted=false&state=merged", new long[] { 5, 2 }, TestName = "PullRequests_NotAiAssistedMerged")]
    [TestCase("opened_at[gte]=2026-03-02", new long[] { 6, 5, 4, 3 }, TestName = "PullRequests_OpenedAtGte")]
    [TestCase("opened_at[lt]=2026-03-02", new long[] { 2, 1 }, TestName = "PullRequests_OpenedAtLt")]
    [TestCase("merged_at[eq]=2026-03-02", new long[] { 2, 1 }, TestName = "PullRequests_MergedAtEqDay")]
    [TestCase("merged_at[gt]=2026-03-02", new long[] { 5 }, TestName = "PullRequests_MergedAtGtDay")]
    [TestCase("merged_at[lte]=2026-03-04", new long[] { 5, 2, 1 }, TestName = "PullRequests_MergedAtLte_ExcludesUnmerged")]
    [TestCase("created_at[gte]=2026-03-02&created_at[lte]=2026-03-02", new long[] { 4, 3 }, TestName = "PullRequests_CreatedAtOneDay")]
    public async Task ListPullRequests_FiltersAndSorts(string query, long[] expected) =>
        Assert.That(await PullRequestIdsAsync(query), Is.EqualTo(expected));

    [Test]
    public async Task ListPullRequests_NestedAuthorAndMergedBy()
    {
        var page = await _reader.ListPullRequestsAsync(new RepositorySelector(new AppId(1), new RepositoryId(2)), Acme, Parse(ListPullRequests.Query.Spec, "order=asc"), CancellationToken.None);
        var rows = page!.Value.Rows;
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 2, 4, 6 }));
        Assert.That(rows[0].Author, Is.EqualTo(new PullRequestAuthorView(new UserId(2), "login", "Bo")));
        Assert.That(rows[0].MergedBy, Is.EqualTo(new MergedByView(new UserId(2), "bo")));
        Assert.That(rows[1].Author, Is.EqualTo(new PullRequestAuthorView(null, "login", null)), "no user: name is null");
        Assert.That(rows[1].MergedBy, Is.Null);
    }

    [Test]
    public async Task ListPullRequests_PagePastTheEndAndIsolation()
    {
        var past = await _reader.ListPullRequestsAsync(AcmeAll, Acme, Parse(ListPullRequests.Query.Spec, "page=2&per_page=6"), CancellationToken.None);
        Assert.That(past!.Value.Rows, Is.Empty);
        Assert.That(past.Value.Total, Is.EqualTo(6));
        Assert.That(await _reader.ListPullRequestsAsync(AcmeAll, [2], Parse(ListPullRequests.Query.Spec, ""), CancellationToken.None), Is.Null);
        var globex = await _reader.ListPullRequestsAsync(new RepositorySelector(new AppId(3), null), [2], Parse(ListPullRequests.Query.Spec, ""), CancellationToken.None);
        Assert.That(globex!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 7 }));
    }

    // ---- repositories and apps ----

    private async Task<long[]> RepositoryIdsAsync(string query, long app = 1, long[]? scope = null)
    {
        var page = await _reader.ListRepositoriesAsync(new AppId(app), scope ?? Acme, Parse(ListRepositories.Query.Spec, query), CancellationToken.None);
        return [.. page!.Value.Rows.Select(r => r.Id.Value)];
    }

    [TestCase("", new long[] { 3, 2, 1 }, TestName = "Repositories_DefaultSort_CreatedAtDescTiesByIdDesc")]
    [TestCase("order=asc", new long[] { 1, 2, 3 }, TestName = "Repositories_CreatedAtAsc")]
    [TestCase("sort=name&order=asc", new long[] { 2, 3, 1 }, TestName = "Repositories_NameAsc")]
    [TestCase("sort=name", new long[] { 1, 3, 2 }, TestName = "Repositories_NameDesc")]
    [TestCase("team_id=team_1", new long[] { 3, 2 }, TestName = "Repositories_TeamFilter")]
    [TestCase("team_id=team_2", new long[0], TestName = "Repositories_OtherOrganizationsTeam_IsEmpty")]
    [TestCase("is_private=true", new long[] { 3, 1 }, TestName = "Repositories_PrivateFilter")]
    [TestCase("is_private=false", new long[] { 2 }, TestName = "Repositories_PublicFilter")]
    [TestCase("page=2&per_page=3", new long[0], TestName = "Repositories_PagePastTheEnd")]
    public async Task ListRepositories_FiltersAndSorts(string query, long[] expected) =>
        Assert.That(await RepositoryIdsAsync(query), Is.EqualTo(expected));

    [TestCase(2, 1, TestName = "Repositories_AppThatIsNotSourceControl_IsNull")]
    [TestCase(3, 1, TestName = "Repositories_AnotherOrganizationsApp_IsNull")]
    [TestCase(1, 2, TestName = "Repositories_OwnAppInAnotherScope_IsNull")]
    public async Task ListRepositories_WrongApp_IsNull(long app, long scope) =>
        Assert.That(await _reader.ListRepositoriesAsync(new AppId(app), [scope], Parse(ListRepositories.Query.Spec, ""), CancellationToken.None), Is.Null);

    [Test]
    public async Task GetRepository_ReturnsEveryField()
    {
        var repository = await _reader.GetRepositoryAsync(new AppId(1), new RepositoryId(2), Acme, CancellationToken.None);
        Assert.That(repository, Is.EqualTo(new RepositoryView(new RepositoryId(2), new AppId(1), new OrganizationId(1), new TeamId(1),
            "api", "acme/api", "main", null, false, T0)));
        Assert.That(await _reader.GetRepositoryAsync(new AppId(1), new RepositoryId(4), Acme, CancellationToken.None), Is.Null, "another organization's");
        Assert.That(await _reader.GetRepositoryAsync(new AppId(1), new RepositoryId(5), Acme, CancellationToken.None), Is.Null, "another app's");
    }

    [TestCase("", new long[] { 4, 1 }, TestName = "Apps_OnlySourceControlTiesByIdDesc")]
    [TestCase("sort=name&order=asc", new long[] { 1, 4 }, TestName = "Apps_NameAsc")]
    [TestCase("provider=gitlab", new long[] { 4 }, TestName = "Apps_ProviderFilter")]
    [TestCase("organization_id=org_2", new long[0], TestName = "Apps_OtherOrganizationFilter_IsEmpty")]
    public async Task ListApps_FiltersAndSorts(string query, long[] expected)
    {
        var (rows, total) = await _reader.ListAppsAsync(Acme, Parse(ListGitApps.Query.Spec, query), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(expected));
        Assert.That(total, Is.EqualTo(expected.Length));
    }

    [Test]
    public async Task ListApps_BothOrganizations_SeesBoth()
    {
        var (rows, _) = await _reader.ListAppsAsync([1, 2], Parse(ListGitApps.Query.Spec, "order=asc"), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 1, 3, 4 }));
        Assert.That(rows[1].OrganizationId, Is.EqualTo(new OrganizationId(2)));
    }
}
