using System.Security.Cryptography;
using System.Text;
using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Git;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Git;
using Leanmote.Infrastructure.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Leanmote.IntegrationTests.Support;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Git;

/// <summary>GitReader against PostgreSQL: repository selection under an app, `all`, tie-breaks, paging and isolation.</summary>
[NonParallelizable]
public sealed class GitReaderTests
{
    private NpgsqlDataSource _db = null!;
    private GitReader _reader = null!;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync("git");
        _reader = new GitReader(_db, new DbRetry(NullLogger<DbRetry>.Instance));

        await using var conn = await _db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO organizations (id, name, slug) VALUES (1, 'Acme', 'acme'), (2, 'Globex', 'globex');
            INSERT INTO users (id, name, email) VALUES (1, 'Ada', 'ada@acme.example');
            INSERT INTO apps (id, organization_id, provider, category, name) VALUES
              (1, 1, 'github', 'source_control', 'GitHub'), (2, 1, 'jira', 'project_management', 'Jira'),
              (3, 2, 'github', 'source_control', 'GitHub'), (4, 1, 'gitlab', 'source_control', 'GitLab');
            INSERT INTO repositories (id, organization_id, app_id, name, full_name) VALUES
              (1, 1, 1, 'api', 'acme/api'), (2, 1, 1, 'web', 'acme/web'), (3, 2, 3, 'core', 'globex/core'), (4, 1, 4, 'ops', 'acme/ops');
            """);
        // commits: three per Acme GitHub repository with tied created_at, one in the GitLab repo, one at Globex
        var id = 0;
        foreach (var repository in new[] { 1, 2, 1, 2, 1, 2, 4, 3 })
        {
            id++;
            var org = repository == 3 ? 2 : 1;
            await conn.ExecuteAsync("""
                INSERT INTO commits (id, organization_id, repository_id, sha, message, author_id, author_name, author_email, committed_at, created_at)
                VALUES (@Id, @Org, @Repository, @Sha, 'm', @Author, 'Ada', 'ada@acme.example', @At, @Created)
                """, new { Id = id, Org = org, Repository = repository, Sha = $"sha{id}", Author = org == 1 ? 1 : (int?)null,
                At = T0.AddHours(id).UtcDateTime, Created = T0.AddHours(id / 3).UtcDateTime });
        }
        await conn.ExecuteAsync("""
            INSERT INTO pull_requests (id, organization_id, repository_id, number, title, state, author_id, author_login, opened_at, merged_at, labels)
            VALUES (1, 1, 1, 1, 'one', 'merged', 1, 'ada', @At, @At, '{bug}'), (2, 1, 2, 1, 'two', 'open', NULL, 'bot', @At, NULL, '{}'),
                   (3, 2, 3, 1, 'three', 'merged', NULL, 'g', @At, @At, '{}')
            """, new { At = T0.UtcDateTime });
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static QueryOptions Options(params (string, string)[] pairs) =>
        QueryOptionsParser.Parse(ListCommits.Query.Spec, QueryParameters.Of(pairs)).Value;

    [Test]
    public async Task ListCommits_All_CoversEveryRepositoryOfTheAppOnly()
    {
        var page = await _reader.ListCommitsAsync(new RepositorySelector(new AppId(1), null), [1], Options(("per_page", "100")), CancellationToken.None);
        Assert.That(page!.Value.Total, Is.EqualTo(6));
        Assert.That(page.Value.Rows.Select(r => r.RepositoryId.Value).Distinct(), Is.EquivalentTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task ListCommits_OneRepository_FiltersToIt()
    {
        var page = await _reader.ListCommitsAsync(new RepositorySelector(new AppId(1), new RepositoryId(2)), [1], Options(), CancellationToken.None);
        Assert.That(page!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(new long[] { 6, 4, 2 }));
        Assert.That(page.Value.Rows[0].Author, Is.EqualTo(new CommitAuthorView(new UserId(1), null, "Ada", "ada@acme.example")));
    }

    [TestCase(1, 4, TestName = "ListCommits_RepositoryOfAnotherApp_IsNotFound")]
    [TestCase(2, 1, TestName = "ListCommits_AppThatIsNotSourceControl_IsNotFound")]
    [TestCase(3, 3, TestName = "ListCommits_AnotherOrganizationsApp_IsNotFound")]
    public async Task ListCommits_WrongParent_ReturnsNull(long app, long repository) =>
        Assert.That(await _reader.ListCommitsAsync(new RepositorySelector(new AppId(app), new RepositoryId(repository)), [1], Options(), CancellationToken.None), Is.Null);

    [TestCase("asc")]
    [TestCase("desc")]
    public async Task ListCommits_TiedCreatedAt_PagesNeverOverlapOrSkip(string order)
    {
        var seen = new List<long>();
        for (var page = 1; page <= 4; page++)
        {
            var rows = await _reader.ListCommitsAsync(new RepositorySelector(new AppId(1), null), [1],
                Options(("per_page", "2"), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("order", order)), CancellationToken.None);
            seen.AddRange(rows!.Value.Rows.Select(r => r.Id.Value));
            if (page == 4) Assert.That(rows.Value.Rows, Is.Empty, "a page past the end is empty");
        }
        Assert.That(seen, Is.Unique);
        Assert.That(seen, Is.EquivalentTo(new long[] { 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public async Task ListCommits_CommittedAtDateFilter_UsesTheWholeDay()
    {
        var page = await _reader.ListCommitsAsync(new RepositorySelector(new AppId(1), null), [1],
            Options(("committed_at[gte]", "2026-03-01"), ("committed_at[lte]", "2026-03-01")), CancellationToken.None);
        Assert.That(page!.Value.Total, Is.EqualTo(6));
        var none = await _reader.ListCommitsAsync(new RepositorySelector(new AppId(1), null), [1], Options(("committed_at[gt]", "2026-03-01")), CancellationToken.None);
        Assert.That(none!.Value.Total, Is.Zero);
    }

    [Test]
    public async Task ListPullRequests_StateFilterAndNestedAuthor()
    {
        var options = QueryOptionsParser.Parse(ListPullRequests.Query.Spec, QueryParameters.Of(("state", "merged"))).Value;
        var page = await _reader.ListPullRequestsAsync(new RepositorySelector(new AppId(1), null), [1], options, CancellationToken.None);
        var pr = page!.Value.Rows.Single();
        Assert.That(pr.Id, Is.EqualTo(new PullRequestId(1)));
        Assert.That(pr.Author, Is.EqualTo(new PullRequestAuthorView(new UserId(1), "ada", "Ada")));
        Assert.That(pr.Labels, Is.EqualTo(new[] { "bug" }));
    }

    [Test]
    public async Task ListApps_OnlySourceControlAppsOfTheScope()
    {
        var options = QueryOptionsParser.Parse(ListGitApps.Query.Spec, QueryParameters.Empty).Value;
        var (rows, total) = await _reader.ListAppsAsync([1], options, CancellationToken.None);
        Assert.That(total, Is.EqualTo(2));
        Assert.That(rows.Select(r => r.Id.Value), Is.EquivalentTo(new long[] { 1, 4 }));
    }

    [Test]
    public async Task GetRepository_UnderAnotherApp_IsNull()
    {
        Assert.That(await _reader.GetRepositoryAsync(new AppId(1), new RepositoryId(1), [1], CancellationToken.None), Is.Not.Null);
        Assert.That(await _reader.GetRepositoryAsync(new AppId(4), new RepositoryId(1), [1], CancellationToken.None), Is.Null);
        Assert.That(await _reader.GetRepositoryAsync(new AppId(3), new RepositoryId(3), [1], CancellationToken.None), Is.Null);
    }
}
