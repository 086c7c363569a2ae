using Dapper;
using Leanmote.Infrastructure.Demo;
using Leanmote.IntegrationTests.Support;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Demo;

/// <summary>
/// The small demo set (seed 42, today) holds every case the metrics definitions distinguish (metrics.md §3.9, §6.2,
/// §6.3, §7.3, §7.5, §7.6), its denormalized pull-request columns agree with the event rows, and its Storefront and
/// Legacy Core teams land in the elite and low DORA bands. Loaded once into a database of its own.
/// </summary>
public sealed class DemoDataTests
{
    private const string Purpose = "demo";
    private NpgsqlDataSource _db = null!;

    [OneTimeSetUp]
    public async Task LoadAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync(Purpose);
        await new DemoDataLoader(_db, TimeProvider.System).LoadAsync(DemoSize.Small, 42, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        await _db.DisposeAsync();
        await TestDatabase.DropAsync(Purpose);
    }

    private const string Acme = "(SELECT id FROM organizations WHERE slug = 'acme')";

    public static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, string sql) => new TestCaseData(sql).SetName($"Load_Small_Has {name}");

        yield return Case("self-approvals", $"""
            SELECT count(*) FROM pull_request_reviews r JOIN pull_requests p ON p.id = r.pull_request_id
            WHERE p.organization_id = {Acme} AND r.state = 'approved' AND r.reviewer_id = p.author_id
            """);
        foreach (var state in new[] { "approved", "dismissed", "commented", "changes_requested" })
        {
            yield return Case($"{state} reviews", $"SELECT count(*) FROM pull_request_reviews WHERE organization_id = {Acme} AND state = '{state}'");
        }
        foreach (var kind in new[] { "conversation", "review_thread" })
        {
            yield return Case($"{kind} comments by reviewers", $"""
                SELECT count(*) FROM pull_request_comments c JOIN pull_requests p ON p.id = c.pull_request_id
                WHERE p.organization_id = {Acme} AND c.kind = '{kind}' AND c.author_id IS DISTINCT FROM p.author_id
                """);
            yield return Case($"{kind} comments by the author", $"""
                SELECT count(*) FROM pull_request_comments c JOIN pull_requests p ON p.id = c.pull_request_id
                WHERE p.organization_id = {Acme} AND c.kind = '{kind}' AND c.author_id = p.author_id
                """);
        }
        const string prCommits = """
            FROM pull_request_commits pc JOIN pull_requests p ON p.id = pc.pull_request_id JOIN commits c ON c.id = pc.commit_id
            """;
        yield return Case("follow-on commits by the author", $"SELECT count(*) {prCommits} WHERE p.organization_id = {Acme} AND c.committed_at > p.opened_at AND c.author_id = p.author_id");
        yield return Case("follow-on commits by a reviewer", $"SELECT count(*) {prCommits} WHERE p.organization_id = {Acme} AND c.committed_at > p.opened_at AND c.author_id <> p.author_id");
        yield return Case("commits before opening", $"SELECT count(*) {prCommits} WHERE p.organization_id = {Acme} AND c.committed_at < p.opened_at");
        yield return Case("commits by a teammate before opening", $"SELECT count(*) {prCommits} WHERE p.organization_id = {Acme} AND c.committed_at < p.opened_at AND c.author_id <> p.author_id");
        yield return Case("merge commits linked to PRs", $"SELECT count(*) {prCommits} WHERE p.organization_id = {Acme} AND c.is_merge");
        yield return Case("merge commits on the base branch", $"SELECT count(*) FROM commits WHERE organization_id = {Acme} AND is_merge AND message LIKE 'Merge pull request%'");

        yield return Case("bot members", $"SELECT count(*) FROM users u JOIN organization_members m ON m.user_id = u.id WHERE m.organization_id = {Acme} AND u.is_bot");
        yield return Case("PRs by a bot member", $"SELECT count(*) FROM pull_requests p JOIN users u ON u.id = p.author_id WHERE p.organization_id = {Acme} AND u.is_bot");
        yield return Case("PRs by an unmapped bot login", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND author_id IS NULL AND author_login = 'renovate[bot]'");
        yield return Case("reviews by a bot member", $"SELECT count(*) FROM pull_request_reviews r JOIN users u ON u.id = r.reviewer_id WHERE r.organization_id = {Acme} AND u.is_bot");
        yield return Case("reviews by an unmapped bot login", $"SELECT count(*) FROM pull_request_reviews WHERE organization_id = {Acme} AND reviewer_id IS NULL AND reviewer_login LIKE '%[bot]'");
        yield return Case("approvals by bots", $"""
            SELECT count(*) FROM pull_request_reviews r LEFT JOIN users u ON u.id = r.reviewer_id
            WHERE r.organization_id = {Acme} AND r.state = 'approved' AND (u.is_bot OR r.reviewer_login LIKE '%[bot]')
            """);
        yield return Case("comments by a bot member", $"SELECT count(*) FROM pull_request_comments c JOIN users u ON u.id = c.author_id WHERE c.organization_id = {Acme} AND u.is_bot");
        yield return Case("PRs by an unmapped human login", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND author_id IS NULL AND author_login NOT LIKE '%[bot]'");
        yield return Case("reviews by an unmapped human login", $"SELECT count(*) FROM pull_request_reviews WHERE organization_id = {Acme} AND reviewer_id IS NULL AND reviewer_login NOT LIKE '%[bot]'");
        yield return Case("PRs merged by someone else", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND merged_at IS NOT NULL AND merged_by_login <> author_login");
        yield return Case("PRs merged by their author", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND merged_at IS NOT NULL AND merged_by_id = author_id");
        yield return Case("PRs merged by an unmapped login", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND merged_at IS NOT NULL AND merged_by_id IS NULL AND merged_by_login IS NOT NULL");
        yield return Case("PRs still draft", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND is_draft AND state = 'open' AND ready_for_review_at IS NULL");
        yield return Case("drafts that became ready", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND NOT is_draft AND ready_for_review_at > opened_at");
        yield return Case("closed unmerged PRs", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND state = 'closed' AND merged_at IS NULL AND closed_at IS NOT NULL");
        yield return Case("open PRs", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND state = 'open' AND closed_at IS NULL");

        foreach (var environment in new[] { "production", "Production", "PRODUCTION", "staging" })
        {
            yield return Case($"{environment} deployments", $"SELECT count(*) FROM deployments WHERE organization_id = {Acme} AND environment = '{environment}' AND status = 'success'");
        }
        foreach (var status in new[] { "failure", "cancelled" })
        {
            yield return Case($"{status} production attempts", $"SELECT count(*) FROM deployments WHERE organization_id = {Acme} AND lower(environment) = 'production' AND status = '{status}'");
        }
        foreach (var changeType in new[] { "rollback", "hotfix" })
        {
            yield return Case($"{changeType} deployments", $"SELECT count(*) FROM deployments WHERE organization_id = {Acme} AND change_type = '{changeType}' AND status = 'success'");
        }
        yield return Case("deployments without repository", $"SELECT count(*) FROM deployments WHERE organization_id = {Acme} AND repository_id IS NULL AND team_id IS NOT NULL");
        yield return Case("deployments linked to PRs", $"SELECT count(*) FROM deployment_pull_requests WHERE organization_id = {Acme}");
        yield return Case("production deployments without PR links", $"""
            SELECT count(*) FROM deployments d WHERE d.organization_id = {Acme} AND d.repository_id IS NOT NULL AND lower(d.environment) = 'production'
              AND d.change_type = 'normal' AND d.ref IS NULL AND NOT EXISTS (SELECT 1 FROM deployment_pull_requests l WHERE l.deployment_id = d.id)
            """);
        yield return Case("merged PRs without deployment link", $"""
            SELECT count(*) FROM pull_requests p WHERE p.organization_id = {Acme} AND p.merged_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM deployment_pull_requests l WHERE l.pull_request_id = p.id)
            """);

        yield return Case("incidents with deployment_id", $"SELECT count(*) FROM incidents WHERE organization_id = {Acme} AND deployment_id IS NOT NULL");
        yield return Case("incidents attributed by proximity", $"""
            SELECT count(*) FROM incidents i WHERE i.organization_id = {Acme} AND i.deployment_id IS NULL AND i.repository_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM deployments d WHERE d.repository_id = i.repository_id AND d.status = 'success'
                          AND lower(d.environment) = 'production' AND d.finished_at <= i.started_at AND d.finished_at >= i.started_at - interval '24 hours')
            """);
        yield return Case("repository incidents beyond the 24 h window", $"""
            SELECT count(*) FROM incidents i WHERE i.organization_id = {Acme} AND i.deployment_id IS NULL AND i.repository_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM deployments d WHERE d.repository_id = i.repository_id AND d.status = 'success'
                              AND lower(d.environment) = 'production' AND d.finished_at <= i.started_at AND d.finished_at >= i.started_at - interval '24 hours')
            """);
        yield return Case("team-only incidents", $"SELECT count(*) FROM incidents WHERE organization_id = {Acme} AND repository_id IS NULL AND team_id IS NOT NULL");
        yield return Case("open incidents", $"SELECT count(*) FROM incidents WHERE organization_id = {Acme} AND resolved_at IS NULL AND status = 'open'");
        foreach (var severity in new[] { "sev1", "sev2", "sev3" })
        {
            yield return Case($"{severity} incidents", $"SELECT count(*) FROM incidents WHERE organization_id = {Acme} AND severity = '{severity}'");
        }
        yield return Case("incidents without severity", $"SELECT count(*) FROM incidents WHERE organization_id = {Acme} AND severity IS NULL");
        yield return Case("task transitions with changed_by_id", $"SELECT count(*) FROM task_status_changes WHERE organization_id = {Acme} AND changed_by_id IS NOT NULL");

        yield return Case("production deployments in the last 30 days", $"SELECT count(*) FROM deployments WHERE organization_id = {Acme} AND status = 'success' AND lower(environment) = 'production' AND finished_at >= now() - interval '30 days'");
        yield return Case("PRs merged in the last 30 days", $"SELECT count(*) FROM pull_requests WHERE organization_id = {Acme} AND merged_at >= now() - interval '30 days'");
        yield return Case("incidents resolved in the last 30 days", $"SELECT count(*) FROM incidents WHERE organization_id = {Acme} AND resolved_at >= now() - interval '30 days'");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Load_Small_HasRowsOfEachKind(string sql)
    {
        await using var conn = await _db.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<long>(sql), Is.GreaterThan(0));
    }

    [Test]
    public async Task Load_Small_DenormalizedPullRequestColumnsAgreeWithEvents()
    {
        // metrics.md §6.2: reviewer side = an actor other than the author (identity: user id, else lower-case login), not a bot.
        const string sql = """
            WITH bot AS (SELECT id FROM users WHERE is_bot),
            ev AS (
                SELECT pc.pull_request_id AS pr, c.committed_at AS at, c.author_id AS uid, c.author_login AS login, false AS approval
                FROM pull_request_commits pc JOIN commits c ON c.id = pc.commit_id
                UNION ALL SELECT pull_request_id, created_at, author_id, author_login, false FROM pull_request_comments
                UNION ALL SELECT pull_request_id, submitted_at, reviewer_id, reviewer_login, state = 'approved' FROM pull_request_reviews),
            reviewer_side AS (
                SELECT ev.* FROM ev JOIN pull_requests p ON p.id = ev.pr
                WHERE ev.at >= p.opened_at
                  AND coalesce('usr_' || ev.uid, 'login:' || lower(ev.login)) <> coalesce('usr_' || p.author_id, 'login:' || lower(p.author_login))
                  AND (ev.uid IS NULL OR ev.uid NOT IN (SELECT id FROM bot))
                  AND (ev.uid IS NOT NULL OR ev.login NOT LIKE '%[bot]')),
            expected AS (
                SELECT p.id, p.first_commit_at, p.first_review_at, p.first_approval_at,
                       (SELECT min(c.committed_at) FROM pull_request_commits pc JOIN commits c ON c.id = pc.commit_id WHERE pc.pull_request_id = p.id) AS commit_at,
                       (SELECT min(at) FROM reviewer_side r WHERE r.pr = p.id) AS review_at,
                       (SELECT min(at) FROM reviewer_side r WHERE r.pr = p.id AND r.approval) AS approval_at
                FROM pull_requests p)
            SELECT count(*) FILTER (WHERE first_commit_at IS DISTINCT FROM commit_at),
                   count(*) FILTER (WHERE first_review_at IS DISTINCT FROM review_at),
                   count(*) FILTER (WHERE first_approval_at IS DISTINCT FROM approval_at),
                   count(*) FILTER (WHERE first_review_at IS NOT NULL),
                   count(*) FILTER (WHERE first_approval_at IS NOT NULL),
                   count(*)
            FROM expected
            """;
        await using var conn = await _db.OpenConnectionAsync();
        var (commitMismatch, reviewMismatch, approvalMismatch, reviewed, approved, total) =
            await conn.QuerySingleAsync<(long, long, long, long, long, long)>(sql);
        Assert.Multiple(() =>
        {
            Assert.That(commitMismatch, Is.Zero, "first_commit_at");
            Assert.That(reviewMismatch, Is.Zero, "first_review_at");
            Assert.That(approvalMismatch, Is.Zero, "first_approval_at");
            Assert.That(reviewed, Is.GreaterThan(total / 2), "most PRs have a first review");
            Assert.That(approved, Is.GreaterThan(total / 2), "most PRs have a first approval");
        });
    }

    [Test]
    public async Task Load_Small_StorefrontIsEliteAndLegacyCoreIsLow()
    {
        // SQL approximations of metrics.md §7.3 over the whole year of history, per team (deployments.team_id): medians
        // of deployment days per ISO week and per month, failures by an attributed repository incident or a rollback /
        // hotfix next within 24 h, lead time from first commit to the first linked production deployment, mean recovery.
        const string sql = """
            WITH team AS (
                SELECT t.id, t.name FROM teams t JOIN organizations o ON o.id = t.organization_id
                WHERE o.slug = 'acme' AND t.name IN ('Storefront', 'Legacy Core')),
            dep AS (
                SELECT team.name, d.id, d.repository_id, d.finished_at,
                       lead(d.change_type) OVER w AS next_type, lead(d.finished_at) OVER w AS next_at
                FROM deployments d JOIN team ON team.id = d.team_id
                WHERE d.status = 'success' AND lower(d.environment) = 'production' AND d.finished_at IS NOT NULL
                WINDOW w AS (PARTITION BY d.repository_id, lower(d.environment) ORDER BY d.finished_at)),
            weeks AS (
                SELECT team.name, count(DISTINCT dep.finished_at::date) AS n
                FROM team CROSS JOIN generate_series(date_trunc('week', now() - interval '357 days'), date_trunc('week', now() - interval '7 days'), interval '1 week') w
                LEFT JOIN dep ON dep.name = team.name AND date_trunc('week', dep.finished_at) = w
                GROUP BY team.name, w),
            months AS (
                SELECT team.name, count(DISTINCT dep.finished_at::date) AS n
                FROM team CROSS JOIN generate_series(date_trunc('month', now() - interval '364 days'), date_trunc('month', now()), interval '1 month') m
                LEFT JOIN dep ON dep.name = team.name AND date_trunc('month', dep.finished_at) = m
                GROUP BY team.name, m),
            incident_cause AS (
                SELECT i.id, coalesce(i.deployment_id, (
                    SELECT d.id FROM dep d WHERE d.repository_id = i.repository_id AND d.finished_at <= i.started_at
                    ORDER BY d.finished_at DESC LIMIT 1)) AS deployment_id, i.deployment_id IS NULL AS by_proximity, i.started_at
                FROM incidents i JOIN team ON team.id = i.team_id WHERE i.repository_id IS NOT NULL),
            failed AS (
                SELECT dep.name, dep.id,
                       (next_type IN ('rollback', 'hotfix') AND next_at - finished_at <= interval '24 hours')
                       OR EXISTS (SELECT 1 FROM incident_cause c WHERE c.deployment_id = dep.id
                                  AND (NOT c.by_proximity OR c.started_at - dep.finished_at <= interval '24 hours')) AS f
                FROM dep),
            lead_time AS (
                SELECT team.name, extract(epoch FROM min(d.finished_at) - p.first_commit_at) / 3600 AS h
                FROM pull_requests p JOIN repositories r ON r.id = p.repository_id JOIN team ON team.id = r.team_id
                JOIN deployment_pull_requests l ON l.pull_request_id = p.id JOIN dep d ON d.id = l.deployment_id
                WHERE p.merged_at IS NOT NULL GROUP BY team.name, p.id, p.first_commit_at),
            mttr AS (
                SELECT team.name, avg(extract(epoch FROM i.resolved_at - i.started_at) / 3600) AS h
                FROM incidents i JOIN team ON team.id = i.team_id WHERE i.resolved_at IS NOT NULL GROUP BY team.name)
            SELECT team.name,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FROM weeks WHERE weeks.name = team.name) AS week_days,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FROM months WHERE months.name = team.name) AS month_days,
                   (SELECT count(*) FROM dep WHERE dep.name = team.name) AS deployments,
                   (SELECT round(100.0 * count(*) FILTER (WHERE f) / nullif(count(*), 0), 1) FROM failed WHERE failed.name = team.name) AS cfr,
                   (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h)::numeric, 1) FROM lead_time WHERE lead_time.name = team.name) AS lead_hours,
                   (SELECT round(h::numeric, 2) FROM mttr WHERE mttr.name = team.name) AS mttr_hours
            FROM team ORDER BY team.name
            """;
        await using var conn = await _db.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Name, double WeekDays, double MonthDays, long Deployments, decimal Cfr, decimal LeadHours, decimal MttrHours)>(sql))
            .ToDictionary(r => r.Name);
        var elite = rows["Storefront"];
        var low = rows["Legacy Core"];
        Assert.Multiple(() =>
        {
            Assert.That(elite.WeekDays, Is.GreaterThanOrEqualTo(3), "elite: median deployment days per ISO week");
            Assert.That(elite.LeadHours, Is.LessThan(24m), "elite: median lead time");
            Assert.That(elite.Cfr, Is.LessThanOrEqualTo(5m), "elite: change failure rate");
            Assert.That(elite.MttrHours, Is.LessThan(1m), "elite: mean time to recover");
            Assert.That(low.Deployments, Is.GreaterThan(0), "low: deploys at all");
            Assert.That(low.MonthDays, Is.LessThan(1), "low: median deployment days per month");
            Assert.That(low.LeadHours, Is.GreaterThan(720m), "low: lead time of months");
            Assert.That(low.Cfr, Is.GreaterThan(15m), "low: change failure rate");
            Assert.That(low.MttrHours, Is.GreaterThan(168m), "low: mean time to recover");
        });
    }

    [Test]
    public async Task Load_Small_ActiveDaysVaryBetweenMembers()
    {
        const string sql = $"""
            WITH acts AS (
                SELECT author_id AS uid, committed_at::date AS day FROM commits WHERE organization_id = {Acme} AND NOT is_merge
                UNION SELECT author_id, opened_at::date FROM pull_requests WHERE organization_id = {Acme}
                UNION SELECT reviewer_id, submitted_at::date FROM pull_request_reviews WHERE organization_id = {Acme}
                UNION SELECT author_id, created_at::date FROM pull_request_comments WHERE organization_id = {Acme}
                UNION SELECT changed_by_id, changed_at::date FROM task_status_changes WHERE organization_id = {Acme})
            SELECT count(DISTINCT n) FROM (
                SELECT m.user_id, count(DISTINCT a.day) FILTER (WHERE a.day >= current_date - 30) AS n
                FROM organization_members m JOIN users u ON u.id = m.user_id AND NOT u.is_bot
                LEFT JOIN acts a ON a.uid = m.user_id
                WHERE m.organization_id = {Acme} GROUP BY m.user_id) per_member
            """;
        await using var conn = await _db.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<long>(sql), Is.GreaterThanOrEqualTo(5), "distinct active-day counts over the last 30 days");
    }
}
