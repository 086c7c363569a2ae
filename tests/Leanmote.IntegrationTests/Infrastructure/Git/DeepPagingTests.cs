using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Git;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Git;
using Leanmote.Infrastructure.Sql;
using Leanmote.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Git;

/// <summary>
/// Large lists (ADR 0014): deep pages located by a remembered key return exactly the rows OFFSET would, in both
/// orders and with null sort values; large totals are remembered, small ones always counted.
/// </summary>
[NonParallelizable]
public sealed class DeepPagingTests
{
    private const int Rows = 12_000;
    private NpgsqlDataSource _db = null!;
    private GitReader _reader = null!;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync("deep");
        _reader = new GitReader(_db, new DbRetry(NullLogger<DbRetry>.Instance));
        await using var conn = await _db.OpenConnectionAsync();
        // created_at repeats every 7 rows (ties broken by id); every seventh pull request is unmerged (null merged_at)
        await conn.ExecuteAsync($"""
            INSERT INTO organizations (id, name, slug) VALUES (1, 'Acme', 'acme'), (2, 'Globex', 'globex');
            INSERT INTO apps (id, organization_id, provider, category, name) VALUES (1, 1, 'github', 'source_control', 'GitHub'), (2, 2, 'github', 'source_control', 'GitHub');
            INSERT INTO repositories (id, organization_id, app_id, name, full_name) VALUES
              (1, 1, 1, 'api', 'acme/api'), (2, 1, 1, 'web', 'acme/web'), (3, 2, 2, 'core', 'globex/core');
            INSERT INTO commits (organization_id, repository_id, sha, committed_at, created_at)
            SELECT CASE WHEN i % 10 = 0 THEN 2 ELSE 1 END, CASE WHEN i % 10 = 0 THEN 3 ELSE 1 + i % 2 END, 'sha' || i,
                   timestamptz '2026-01-01' + i * interval '1 minute', timestamptz '2026-01-01' + (i / 7) * interval '1 minute'
            FROM generate_series(1, {Rows}) AS i;
            INSERT INTO pull_requests (organization_id, repository_id, number, title, state, opened_at, merged_at, created_at)
            SELECT 1, 1 + i % 2, i, 'pr', CASE WHEN i % 7 = 0 THEN 'open' ELSE 'merged' END, timestamptz '2026-01-01',
                   CASE WHEN i % 7 = 0 THEN NULL ELSE timestamptz '2026-01-01' + (i / 5) * interval '1 minute' END,
                   timestamptz '2026-01-01' + i * interval '1 second'
            FROM generate_series(1, {Rows}) AS i;
            """);
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static QueryOptions Options(QuerySpec spec, params (string, string)[] pairs) =>
        QueryOptionsParser.Parse(spec, QueryParameters.Of(pairs)).Value;

    private async Task<long[]> ExpectedAsync(string sql, object parameters)
    {
        await using var conn = await _db.OpenConnectionAsync();
        return (await conn.QueryAsync<long>(sql, parameters)).ToArray();
    }

    [TestCase("desc", 12)]
    [TestCase("asc", 12)]
    [TestCase("desc", 107)]
    [TestCase("asc", 108)]   // the last, partial page
    public async Task Commits_DeepPages_MatchOffsetPaging_FirstAndSecondTime(string order, int page)
    {
        var options = Options(ListCommits.Query.Spec, ("per_page", "100"), ("page", page.ToString()), ("order", order));
        Assert.That(options.Offset, Is.GreaterThanOrEqualTo(ListSql.DeferredJoinOffset));
        var expected = await ExpectedAsync($"""
            SELECT id FROM commits WHERE organization_id = 1 AND repository_id IN (1, 2)
            ORDER BY created_at {order}, id {order} LIMIT 100 OFFSET @Offset
            """, new { options.Offset });
        Assert.That(expected, Is.Not.Empty);

        var selector = new RepositorySelector(new AppId(1), null);
        var first = await _reader.ListCommitsAsync(selector, [1], options, CancellationToken.None);     // finds the anchor
        var second = await _reader.ListCommitsAsync(selector, [1], options, CancellationToken.None);    // seeks from it
        Assert.Multiple(() =>
        {
            Assert.That(first!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(expected));
            Assert.That(second!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(expected));
            Assert.That(second!.Value.Total, Is.EqualTo(Rows - Rows / 10));
        });
    }

    // 1,714 nulls: first when descending (page 18 starts on a null, page 19 after them), last when ascending
    // (page 103 runs from the merged into the nulls, page 104 is nulls only)
    [TestCase("desc", 18)]
    [TestCase("desc", 19)]
    [TestCase("asc", 103)]
    [TestCase("asc", 104)]
    public async Task PullRequests_SortedByANullableColumn_DeepPagesMatchOffsetPaging(string order, int page)
    {
        var options = Options(ListPullRequests.Query.Spec, ("per_page", "100"), ("page", page.ToString()), ("order", order), ("sort", "merged_at"));
        var expected = await ExpectedAsync($"""
            SELECT id FROM pull_requests WHERE organization_id = 1
            ORDER BY merged_at {order}, id {order} LIMIT 100 OFFSET @Offset
            """, new { options.Offset });
        var selector = new RepositorySelector(new AppId(1), null);
        var first = await _reader.ListPullRequestsAsync(selector, [1], options, CancellationToken.None);
        var second = await _reader.ListPullRequestsAsync(selector, [1], options, CancellationToken.None);
        Assert.That(first!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(expected));
        Assert.That(second!.Value.Rows.Select(r => r.Id.Value), Is.EqualTo(expected));
    }

    [Test]
    public async Task APagePastTheEnd_IsEmpty_WithTheTotal()
    {
        var options = Options(ListCommits.Query.Spec, ("per_page", "100"), ("page", "500"));
        var page = await _reader.ListCommitsAsync(new RepositorySelector(new AppId(1), null), [1], options, CancellationToken.None);
        Assert.That(page!.Value.Rows, Is.Empty);
        Assert.That(page!.Value.Total, Is.EqualTo(Rows - Rows / 10));
    }

    [Test]
    public async Task LargeTotals_AreRemembered_SmallOnesAlwaysCounted()
    {
        var all = new RepositorySelector(new AppId(1), null);
        var one = new RepositorySelector(new AppId(2), new RepositoryId(3));
        var since = Options(ListCommits.Query.Spec, ("created_at[gte]", "2026-01-01T00:00:00Z"));
        var large = await _reader.ListCommitsAsync(all, [1], since, CancellationToken.None);
        var small = await _reader.ListCommitsAsync(one, [2], since, CancellationToken.None);
        Assert.That(large!.Value.Total, Is.EqualTo(Rows - Rows / 10));
        Assert.That(small!.Value.Total, Is.EqualTo(Rows / 10));

        await using (var conn = await _db.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                INSERT INTO commits (organization_id, repository_id, sha, committed_at, created_at)
                VALUES (1, 1, 'extra-1', now(), timestamptz '2026-06-01'), (2, 3, 'extra-2', now(), timestamptz '2026-06-01')
                """);
        }
        var largeAgain = await _reader.ListCommitsAsync(all, [1], since, CancellationToken.None);
        var smallAgain = await _reader.ListCommitsAsync(one, [2], since, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(largeAgain!.Value.Total, Is.EqualTo(Rows - Rows / 10), "remembered for up to LargeTotals.Lifetime");
            Assert.That(largeAgain!.Value.Rows[0].Sha, Is.EqualTo("extra-1"), "the page itself is always current");
            Assert.That(smallAgain!.Value.Total, Is.EqualTo(Rows / 10 + 1), "below the threshold: always counted");
        });
        await using (var conn = await _db.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("DELETE FROM commits WHERE sha LIKE 'extra-%'");
        }
    }
}
