using Dapper;
using Leanmote.Application.Metrics.Review;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Metrics;
using Leanmote.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.ReviewCollaboration;

/// <summary>
/// The PR-events source of the review collaboration family (metrics.md §6.2) against real rows: sides by identity
/// (users by id, unmapped logins case-insensitively), bots dropped both ways, the merge only when someone else
/// merged, and nothing of another organization even when its PR ids are asked for.
/// </summary>
[NonParallelizable]
public sealed class PullRequestEventsSourceTests
{
    private NpgsqlDataSource _db = null!;
    private MetricSources _sources = null!;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync("review_events");
        _sources = new MetricSources(_db, new DbRetry(NullLogger<DbRetry>.Instance));
        await using var conn = await _db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO organizations (id, name, slug) VALUES (1, 'Acme', 'acme'), (2, 'Globex', 'globex');
            INSERT INTO users (id, name, email, is_bot) VALUES
              (1, 'Alice', 'alice@acme.example', false), (2, 'Carol', 'carol@acme.example', false), (3, 'Robot', 'robot@acme.example', true);
            INSERT INTO apps (id, organization_id, provider, category, name) VALUES (1, 1, 'github', 'source_control', 'GitHub'), (2, 2, 'github', 'source_control', 'GitHub');
            INSERT INTO repositories (id, organization_id, app_id, name, full_name) VALUES (1, 1, 1, 'api', 'acme/api'), (2, 2, 2, 'core', 'globex/core');
            INSERT INTO pull_requests (id, organization_id, repository_id, number, title, state, author_id, author_login, opened_at, merged_at, merged_by_id, merged_by_login) VALUES
              (10, 1, 1, 1, 'by Alice, merged by Carol', 'merged', 1, NULL, '2026-03-02 09:00Z', '2026-03-02 17:00Z', 2, NULL),
              (11, 1, 1, 2, 'by Alice, merged by Alice', 'merged', 1, NULL, '2026-03-03 09:00Z', '2026-03-03 17:00Z', 1, NULL),
              (12, 1, 1, 3, 'by unmapped Zed', 'merged', NULL, 'Zed', '2026-03-04 09:00Z', '2026-03-04 17:00Z', NULL, 'renovate[bot]'),
              (20, 2, 2, 1, 'another tenant', 'open', NULL, 'x', '2026-03-02 09:00Z', NULL, NULL, NULL);
            INSERT INTO commits (id, organization_id, repository_id, sha, author_id, author_login, committed_at) VALUES
              (100, 1, 1, 'a1', 1, NULL, '2026-03-02 08:30Z'),
              (101, 1, 1, 'a2', NULL, 'dependabot[bot]', '2026-03-02 10:00Z'),
              (102, 1, 1, 'a3', NULL, 'ZED', '2026-03-04 10:00Z'),
              (200, 2, 2, 'b1', NULL, 'x', '2026-03-02 10:00Z');
            INSERT INTO pull_request_commits (organization_id, pull_request_id, commit_id) VALUES (1, 10, 100), (1, 10, 101), (1, 12, 102), (2, 20, 200);
            INSERT INTO pull_request_comments (organization_id, pull_request_id, author_id, author_login, created_at) VALUES
              (1, 10, 2, NULL, '2026-03-02 11:00Z'), (1, 10, 3, NULL, '2026-03-02 11:30Z'), (1, 12, NULL, 'carol-gh', '2026-03-04 11:00Z'),
              (2, 20, NULL, 'y', '2026-03-02 11:00Z');
            INSERT INTO pull_request_reviews (organization_id, pull_request_id, reviewer_id, reviewer_login, state, submitted_at) VALUES
              (1, 10, 2, NULL, 'approved', '2026-03-02 16:00Z'), (1, 11, 1, NULL, 'approved', '2026-03-03 10:00Z');
            """);
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task Read_SidesBotsAndMerges_FollowTheTimelineRules()
    {
        var events = await _sources.ReadPullRequestEventsAsync(1, [10, 11, 12], [3], CancellationToken.None);
        var rows = events.Select(e => (e.PullRequestId, e.At, e.Kind, e.Reviewer, e.Actor, e.State)).ToArray();
        Assert.That(rows, Is.EqualTo(new (long, DateTimeOffset, ReviewEventKind, bool, string?, string?)[]
        {
            (10, At("2026-03-02T08:30:00Z"), ReviewEventKind.Commit, false, "usr_1", null),
            (10, At("2026-03-02T11:00:00Z"), ReviewEventKind.Comment, true, "usr_2", null),
            (10, At("2026-03-02T16:00:00Z"), ReviewEventKind.Review, true, "usr_2", "approved"),
            (10, At("2026-03-02T17:00:00Z"), ReviewEventKind.Merge, true, "usr_2", null),
            (11, At("2026-03-03T10:00:00Z"), ReviewEventKind.Review, false, "usr_1", "approved"),
            (12, At("2026-03-04T10:00:00Z"), ReviewEventKind.Commit, false, "login:zed", null),
            (12, At("2026-03-04T11:00:00Z"), ReviewEventKind.Comment, true, "login:carol-gh", null),
        }), "dependabot[bot]'s commit, the bot user's comment, the author's own merge and renovate[bot]'s merge are not events");
    }

    [Test]
    public async Task Read_AnotherOrganizationsPullRequest_IsNeverReturned()
    {
        var events = await _sources.ReadPullRequestEventsAsync(1, [20], [], CancellationToken.None);
        Assert.That(events, Is.Empty);
        var own = await _sources.ReadPullRequestEventsAsync(2, [20], [], CancellationToken.None);
        Assert.That(own.Select(e => e.Kind), Is.EqualTo(new[] { ReviewEventKind.Commit, ReviewEventKind.Comment }));
    }

    [Test]
    public async Task Read_NoPullRequests_ReturnsNothing()
    {
        Assert.That(await _sources.ReadPullRequestEventsAsync(1, [], [3], CancellationToken.None), Is.Empty);
    }
}
