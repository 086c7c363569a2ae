using System.Text.Json;
using Leanmote.ContractTests.Support;
using static Leanmote.ContractTests.Metrics.MetricsWorld;

namespace Leanmote.ContractTests.Metrics;

/// <summary>
/// The team-activity family, <c>/interactions</c> and <c>/review_collaboration/team_members</c> (metrics.md §7.5, §7.6)
/// over HTTP. The spec has no golden example for them, so this fixture builds one in its own organization and
/// computes every expected number by hand below.
///
/// World (§10.0): Alice (admin), Bob, Carol in team_1; Dave (manager of team_2), Erin in team_2; Robo, a bot user, also
/// in team_1; "ghost" an unmapped Git login. Request: team_1, 2026-03-02…03-15 by week (B1 = 03-02…08, B2 = 03-09…15),
/// previous window 02-16…03-01. U = {Alice, Bob, Carol}.
///
/// PRs: P1 Alice opened 03-02 09:00 merged 03-03 09:00 (24 h) · P2 Bob opened 03-04 10:00 merged 03-05 16:00 (30 h) ·
/// P3 Carol opened 03-10 08:00 open · P4 Dave opened 03-09 09:00 · P5 Alice opened 02-20 10:00 merged 02-21 10:00 ·
/// P6 ghost opened 03-03 09:00.
/// Reviews: R1 Bob approved P1 03-02 15:00 · R2 Alice approved P1 03-02 16:00 (self) · RB Bob commented P5 03-03 10:00 ·
/// R3 Carol changes_requested P2 03-04 14:00 · R7 Robo approved P2 03-05 09:00 (bot) · R4 Carol approved P2 03-05 10:00 ·
/// RG ghost commented P1 03-03 08:00 · R5 Alice commented P4 03-09 12:00 · R6 Dave approved P3 03-10 12:00 ·
/// R8 Bob commented P3 03-11 09:00 · RP Carol approved P5 02-20 15:00 (previous window).
/// Comments: C1 Carol on P1 03-02 11:00 · C2 Alice on P1 03-02 12:00 (own) · C4 Robo on P1 03-02 13:00 (bot) ·
/// C3 Bob on P3 03-10 20:00 · C5 Alice on P3 03-12 10:00 · CB Bob on P5 02-20 12:00 (previous window).
/// Commits: K1 Alice 03-02 08:00 (P1) · K2 Bob 03-04 09:00 (P2) · K6 Carol 03-05 08:00 (P2) · K3 Bob 03-05 16:00 merge ·
/// K7 Robo 03-03 · K8 ghost 03-03 · K10 dependabot[bot] 03-03 · K4 Carol 03-10 07:00 (P3) · K5 Carol 03-13 10:00 ·
/// K9 Alice 02-20 09:00 (previous window).
/// Task status changes (board_1): Alice 03-14 10:00 (a Saturday) · Erin 03-10 · nobody (changed_by null) 03-11.
///
/// Active days in W (commit, PR opened, review, PR comment, task change — merge commits are not commits here):
///   Alice B1 {03-02} B2 {03-09, 03-12, 03-14} = 4 · Bob B1 {03-02, 03-03, 03-04} B2 {03-10, 03-11} = 5 ·
///   Carol B1 {03-02, 03-04, 03-05} B2 {03-10, 03-13} = 5 → 14 person-days, value 14/3 = 4.6667; B1 7/3 = 2.3333,
///   B2 7/3 = 2.3333; previous: each of the three active on 02-20 → 1; delta 3.6667, 366.67 %; work days 10.
/// reviews_count: R1 RB R3 R4 (B1) R5 R8 (B2) = 6 (not R2 self, R7 bot, RG unmapped, R6 outside U); previous RP = 1.
/// prs_created: P1 P2 | P3 = 3; previous P5 = 1. commits_count: K1 K2 K6 | K4 K5 = 5; previous K9 = 1.
/// pr_comments_count: C1 | C3 C5 = 3 (not C2 own, C4 bot); previous CB = 1.
///
/// team_members (avg review time = the person's first comment/review/commit on someone else's PR, when in W):
///   Alice: 1 created, 1 merged, 1 commit, 1 review, 1 comment, 4 days; merge 24; first approval P1 by Bob 6 h;
///          review time P4 3 h (R5), P3 50 h (C5) → 26.5
///   Bob:   1, 1, 1, 3, 1, 5; merge 30; approval P2 by Carol 24 h (Robo's earlier approval is a bot's);
///          review time P1 6 h (R1), P3 12 h (C3); P5 first touched 02-20 (CB), outside W → 9
///   Carol: 1, 0, 3, 2, 1, 5; merge null; approval P3 by Dave 4 h (any reviewer counts); review time P1 2 h (C1), P2 4 h (R3, before K6) → 3
///
/// Interactions: I1 pr_review Alice→Bob 03-03 · I2 pr_comment Alice→Bob 03-04 · I3 pr_review Bob→Alice 03-05 ·
/// I10 pr_comment Robo→Alice 03-05 (bot actor) · I4 pr_comment Carol→Dave 03-10 · I5 message Bob (no target) 03-11 ·
/// I6 pr_comment Dave→Alice 03-11 · I7 pr_comment Alice→Robo 03-12 (bot target) · I8 pr_review Erin→Dave 03-09 ·
/// I9 pr_comment Alice→Carol 02-25 (previous window).
///   admin, team_1: I1 I2 I3 | I4 I5 = 5, previous 1; by_type pr_comment 2, pr_review 2, message 1; nodes Alice (out 2,
///   in 1), Bob (2, 2), Carol (1, 0), Dave (0, 1); edges Alice→Bob 2, Bob→Alice 1, Carol→Dave 1; density 2 ÷ (3·2) =
///   33.3333; cross-team 1 (I4) of 4 targeted = 25.
///   admin, open scope: I1 I2 I3 I4 I5 I6 I8 = 7.
///   Bob (collaborator, manages nothing), team_1: U = {Bob}: I3 I5 = 2; nodes Bob (2, 0), Alice (0, 1); edge Bob→Alice;
///   density null; cross-team 0.
///   Dave (collaborator, manager of team_2), open: U = {Dave, Erin}: I8 | I6 = 2; nodes Alice (0, 1), Dave (1, 1),
///   Erin (1, 0); density 1 ÷ (2·1) = 50; cross-team I6 of I6, I8 = 50. With team_1: U = ∅ → 0.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class TeamActivityTests : ContractTest
{
    private MetricsWorld _w = null!;
    private long _robo;
    private string _bobToken = "";
    private string _daveToken = "";

    [OneTimeSetUp]
    public async Task InsertAsync()
    {
        if (!Target.IsInProcess) return;
        _w = await MetricsWorld.CreateAsync(Target.Host!, "TeamActivity");
        _robo = await _w.InsertAsync("INSERT INTO users (name, email, is_bot) VALUES ('Robo', 'robo.teamactivity@golden.example', true) RETURNING id");
        await _w.ExecuteAsync("INSERT INTO organization_members (organization_id, user_id, role) VALUES (@o, @u, 'collaborator')", ("o", _w.Org), ("u", _robo));
        await _w.ExecuteAsync("INSERT INTO team_members (organization_id, team_id, user_id) VALUES (@o, @t, @u)", ("o", _w.Org), ("t", _w.Team1), ("u", _robo));
        await _w.ExecuteAsync("UPDATE team_members SET team_role = 'manager' WHERE organization_id = @o AND team_id = @t AND user_id = @u",
            ("o", _w.Org), ("t", _w.Team2), ("u", _w.Dave));
        _bobToken = await Target.Host!.CreateTokenAsync("bob.teamactivity@golden.example");
        _daveToken = await Target.Host!.CreateTokenAsync("dave.teamactivity@golden.example");

        var p1 = await _w.PullRequestAsync(1, _w.Alice, At("03-02 09:00"), At("03-03 09:00"));
        var p2 = await _w.PullRequestAsync(2, _w.Bob, At("03-04 10:00"), At("03-05 16:00"));
        var p3 = await _w.PullRequestAsync(3, _w.Carol, At("03-10 08:00"), null);
        var p4 = await _w.PullRequestAsync(4, _w.Dave, At("03-09 09:00"), null);
        var p5 = await _w.PullRequestAsync(5, _w.Alice, At("02-20 10:00"), At("02-21 10:00"));
        await _w.ExecuteAsync("""
            INSERT INTO pull_requests (organization_id, repository_id, number, title, state, author_login, base_branch, head_branch, opened_at)
            VALUES (@o, @r, 6, 'PR 6', 'open', 'ghost', 'main', 'feature/6', @t)
            """, ("o", _w.Org), ("r", _w.Repo), ("t", At("03-03 09:00")));

        await _w.ReviewAsync(p1, _w.Bob, "approved", At("03-02 15:00"));
        await _w.ReviewAsync(p1, _w.Alice, "approved", At("03-02 16:00"));
        await _w.ReviewAsync(p5, _w.Bob, "commented", At("03-03 10:00"));
        await _w.ReviewAsync(p2, _w.Carol, "changes_requested", At("03-04 14:00"));
        await _w.ReviewAsync(p2, _robo, "approved", At("03-05 09:00"));
        await _w.ReviewAsync(p2, _w.Carol, "approved", At("03-05 10:00"));
        await _w.ExecuteAsync("""
            INSERT INTO pull_request_reviews (organization_id, pull_request_id, reviewer_login, state, submitted_at)
            VALUES (@o, @p, 'ghost', 'commented', @t)
            """, ("o", _w.Org), ("p", p1), ("t", At("03-03 08:00")));
        await _w.ReviewAsync(p4, _w.Alice, "commented", At("03-09 12:00"));
        await _w.ReviewAsync(p3, _w.Dave, "approved", At("03-10 12:00"));
        await _w.ReviewAsync(p3, _w.Bob, "commented", At("03-11 09:00"));
        await _w.ReviewAsync(p5, _w.Carol, "approved", At("02-20 15:00"));

        await _w.CommentAsync(p1, _w.Carol, At("03-02 11:00"));
        await _w.CommentAsync(p1, _w.Alice, At("03-02 12:00"));
        await _w.CommentAsync(p1, _robo, At("03-02 13:00"));
        await _w.CommentAsync(p3, _w.Bob, At("03-10 20:00"));
        await _w.CommentAsync(p3, _w.Alice, At("03-12 10:00"));
        await _w.CommentAsync(p5, _w.Bob, At("02-20 12:00"));

        await _w.CommitAsync(_w.Alice, At("03-02 08:00"), p1);
        await _w.CommitAsync(_w.Bob, At("03-04 09:00"), p2);
        await _w.CommitAsync(_w.Carol, At("03-05 08:00"), p2);
        await _w.CommitAsync(_w.Bob, At("03-05 16:00"), p2, isMerge: true);
        await _w.CommitAsync(_robo, At("03-03 12:00"));
        foreach (var login in new[] { "ghost", "dependabot[bot]" })
        {
            await _w.ExecuteAsync("""
                INSERT INTO commits (organization_id, repository_id, sha, author_login, committed_at, authored_at)
                VALUES (@o, @r, md5(random()::text), @l, @t, @t)
                """, ("o", _w.Org), ("r", _w.Repo), ("l", login), ("t", At("03-03 12:00")));
        }
        await _w.CommitAsync(_w.Carol, At("03-10 07:00"), p3);
        await _w.CommitAsync(_w.Carol, At("03-13 10:00"));
        await _w.CommitAsync(_w.Alice, At("02-20 09:00"));

        var task = await _w.InsertAsync("""
            INSERT INTO tasks (organization_id, board_id, key, title, status, status_category) VALUES (@o, @b, 'API-1', 'Task', 'Done', 'done') RETURNING id
            """, ("o", _w.Org), ("b", _w.Board));
        foreach (var (by, at) in new[] { ((object)_w.Alice, "03-14 10:00"), (_w.Erin, "03-10 10:00"), (DBNull.Value, "03-11 10:00") })
        {
            await _w.ExecuteAsync("""
                INSERT INTO task_status_changes (organization_id, task_id, from_status, to_status, changed_at, changed_by_id)
                VALUES (@o, @t, 'To Do', 'Done', @at, @by)
                """, ("o", _w.Org), ("t", task), ("at", At(at)), ("by", by));
        }

        foreach (var (type, actor, target, at) in new[]
                 {
                     ("pr_review", _w.Alice, (long?)_w.Bob, "03-03 10:00"), ("pr_comment", _w.Alice, _w.Bob, "03-04 10:00"),
                     ("pr_review", _w.Bob, _w.Alice, "03-05 10:00"), ("pr_comment", _robo, _w.Alice, "03-05 11:00"),
                     ("pr_comment", _w.Carol, _w.Dave, "03-10 10:00"), ("message", _w.Bob, null, "03-11 10:00"),
                     ("pr_comment", _w.Dave, _w.Alice, "03-11 11:00"), ("pr_comment", _w.Alice, _robo, "03-12 10:00"),
                     ("pr_review", _w.Erin, _w.Dave, "03-09 10:00"), ("pr_comment", _w.Alice, _w.Carol, "02-25 10:00"),
                 })
        {
            await _w.ExecuteAsync("""
                INSERT INTO interactions (organization_id, type, source, actor_id, target_user_id, occurred_at)
                VALUES (@o, @ty, 'github', @a, @t, @at)
                """, ("o", _w.Org), ("ty", type), ("a", actor), ("t", (object?)target ?? DBNull.Value), ("at", At(at)));
        }
    }

    private static string U(long id) => "usr_" + id;

    private async Task<JsonElement> DataAsync(string route, string query, string? token = null)
    {
        var response = await Api.GetAsync($"/v1/metrics/{route}?{query}", token ?? _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        return response.Json.GetProperty("data");
    }

    private static void AssertCount(JsonElement m, string key, int value, decimal?[] series, int previous)
    {
        Assert.That(m.GetProperty("key").GetString(), Is.EqualTo(key));
        Assert.That(m.GetProperty("unit").GetString(), Is.EqualTo("count"));
        Assert.That(m.GetProperty("aggregation").GetString(), Is.EqualTo("count"));
        Assert.That(Number(m, "value"), Is.EqualTo(value), key);
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(value), key);
        Assert.That(m.GetProperty("stats").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Series(m), Is.EqualTo(series), key);
        Assert.That(Number(m, "previous.value"), Is.EqualTo(previous), key);
        Assert.That(Number(m, "delta.absolute"), Is.EqualTo(value - previous), key);
    }

    [Test]
    public async Task ActiveDays_TeamOne_MeanOverPeopleWithBucketsPreviousAndDetails()
    {
        var m = await DataAsync("team_activity/active_days", _w.Query + "&breakdown=team,member");
        Assert.That(m.GetProperty("key").GetString(), Is.EqualTo("active_days"));
        Assert.That(m.GetProperty("unit").GetString(), Is.EqualTo("days"));
        Assert.That(m.GetProperty("aggregation").GetString(), Is.EqualTo("mean"));
        Assert.That(Number(m, "value"), Is.EqualTo(4.6667m));
        Assert.That(m.GetProperty("sample_size").GetInt32(), Is.EqualTo(3));
        Assert.That(m.GetProperty("stats").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Series(m), Is.EqualTo(new decimal?[] { 2.3333m, 2.3333m }));
        Assert.That(SeriesSizes(m), Is.EqualTo(new[] { 3, 3 }));
        Assert.That(Number(m, "previous.value"), Is.EqualTo(1m));
        Assert.That(m.GetProperty("previous").GetProperty("sample_size").GetInt32(), Is.EqualTo(3));
        Assert.That(Number(m, "delta.absolute"), Is.EqualTo(3.6667m));
        Assert.That(Number(m, "delta.percent"), Is.EqualTo(366.67m));
        Assert.That(Number(m, "details.person_days_total"), Is.EqualTo(14));
        Assert.That(Number(m, "details.work_days_in_window"), Is.EqualTo(10));
        var teams = m.GetProperty("breakdown").GetProperty("teams");
        Assert.That(teams.GetArrayLength(), Is.EqualTo(1));
        Assert.That(teams[0].GetProperty("id").GetString(), Is.EqualTo(_w.Team1Id));
        Assert.That(Number(teams[0], "value"), Is.EqualTo(4.6667m));
        Assert.That(teams[0].GetProperty("sample_size").GetInt32(), Is.EqualTo(3));
        var members = m.GetProperty("breakdown").GetProperty("members").EnumerateArray()
            .Select(e => (e.GetProperty("id").GetString(), e.GetProperty("name").GetString(), Number(e, "value"), e.GetProperty("sample_size").GetInt32())).ToList();
        Assert.That(members, Is.EqualTo(new[]
        {
            (U(_w.Alice), "Alice", 4m, 1), (U(_w.Bob), "Bob", 5m, 1), (U(_w.Carol), "Carol", 5m, 1),
        }));
    }

    [Test]
    public async Task ActiveDays_Evidence_CellsRecomputeTheValue()
    {
        var m = await DataAsync("team_activity/active_days", _w.Query + "&include=evidence");
        var evidence = m.GetProperty("evidence");
        Assert.That(evidence.GetProperty("item_type").GetString(), Is.EqualTo("person_bucket"));
        Assert.That(evidence.GetProperty("total").GetInt32(), Is.EqualTo(6));
        var days = evidence.GetProperty("items").EnumerateArray().Select(i => Number(i, "days")).ToList();
        Assert.That(days.Sum() / 3, Is.EqualTo(14m / 3));
        Assert.That(days.Order(), Is.EqualTo(new[] { 1m, 2m, 2m, 3m, 3m, 3m }));
    }

    [Test]
    public async Task ReviewsCount_SelfBotUnmappedAndOutsidersExcluded()
    {
        var m = await DataAsync("team_activity/reviews_count", _w.Query + "&breakdown=member");
        AssertCount(m, "reviews_count", 6, [4m, 2m], 1);
        var members = m.GetProperty("breakdown").GetProperty("members").EnumerateArray()
            .Select(e => (e.GetProperty("id").GetString(), Number(e, "value"))).ToList();
        Assert.That(members, Is.EqualTo(new[] { (U(_w.Alice), 1m), (U(_w.Bob), 3m), (U(_w.Carol), 2m) }));
    }

    [Test]
    public async Task ReviewsCount_OpenScope_CountsUnmappedLoginsButNeverBots()
    {
        // Open scope: Dave's R6 and ghost's RG join the six; Robo's R7 and Alice's self-review stay out.
        var m = await DataAsync("team_activity/reviews_count", $"organization_id={_w.OrgId}&start_date=2026-03-02&end_date=2026-03-15&granularity=week");
        Assert.That(Number(m, "value"), Is.EqualTo(8));
    }

    [Test]
    public async Task TeamActivitySet_EveryMetricInContractOrder()
    {
        var data = await DataAsync("team_activity", _w.Query);
        Assert.That(data.GetProperty("family").GetString(), Is.EqualTo("team_activity"));
        var metrics = data.GetProperty("metrics");
        Assert.That(EnvelopeAssert.Names(metrics), Is.EqualTo(new[] { "active_days", "reviews_count", "prs_created", "commits_count", "pr_comments_count" }));
        Assert.That(Number(metrics.GetProperty("active_days"), "value"), Is.EqualTo(4.6667m));
        AssertCount(metrics.GetProperty("reviews_count"), "reviews_count", 6, [4m, 2m], 1);
        AssertCount(metrics.GetProperty("prs_created"), "prs_created", 3, [2m, 1m], 1);
        Assert.That(Number(metrics.GetProperty("prs_created"), "details.drafts_excluded"), Is.EqualTo(0));
        AssertCount(metrics.GetProperty("commits_count"), "commits_count", 5, [3m, 2m], 1);
        AssertCount(metrics.GetProperty("pr_comments_count"), "pr_comments_count", 3, [1m, 2m], 1);
        Assert.That(data.TryGetProperty("context", out _), Is.False);
    }

    [Test]
    public async Task CommitsCount_OpenScope_MergeCommitsAndBotsExcluded()
    {
        // K1 K2 K6 K4 K5 and ghost's K8; never K3 (merge), K7 (bot user) or K10 (a [bot] login).
        var data = await DataAsync("team_activity", $"organization_id={_w.OrgId}&start_date=2026-03-02&end_date=2026-03-15&granularity=week");
        Assert.That(Number(data.GetProperty("metrics").GetProperty("commits_count"), "value"), Is.EqualTo(6));
    }

    [Test]
    public async Task TeamActivityAggregate_PostEqualsGet()
    {
        var get = await Api.GetAsync($"/v1/metrics/team-activity?{_w.Query}", _w.Token);
        var post = await Api.PostJsonAsync("/v1/metrics/team-activity", _w.Token,
            $$"""{ "organization_id": "{{_w.OrgId}}", "team_ids": ["{{_w.Team1Id}}"], "start_date": "2026-03-02", "end_date": "2026-03-15", "granularity": "week" }""");
        Assert.That(get.StatusCode, Is.EqualTo(200), get.ToString());
        Assert.That(post.StatusCode, Is.EqualTo(200), post.ToString());
        var data = get.Json.GetProperty("data");
        Assert.That(data.GetProperty("family").GetString(), Is.EqualTo("team_activity"));
        Assert.That(data.GetProperty("context").GetProperty("scope").GetProperty("users").GetArrayLength(), Is.EqualTo(3));
        Assert.That(post.Json.GetProperty("data").GetRawText(), Is.EqualTo(data.GetRawText()));
    }

    [Test]
    public async Task TeamMembers_EveryField()
    {
        var response = await Api.GetAsync($"/v1/metrics/review_collaboration/team_members?{_w.Query}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var data = response.Json.GetProperty("data");
        Assert.That(data.GetProperty("summary").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var items = data.GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(3));
        Assert.That(EnvelopeAssert.Names(items[0]), Is.EqualTo(new[]
        {
            "user_id", "name", "prs_created", "prs_merged", "commits_count", "reviews_count", "pr_comments_count", "active_days",
            "avg_time_to_merge_hours", "avg_time_to_first_approval_hours", "avg_review_time_hours",
        }));
        var expected = new (long User, string Name, int[] Counts, decimal? Merge, decimal? Approval, decimal? Review)[]
        {
            (_w.Alice, "Alice", [1, 1, 1, 1, 1, 4], 24m, 6m, 26.5m),
            (_w.Bob, "Bob", [1, 1, 1, 3, 1, 5], 30m, 24m, 9m),
            (_w.Carol, "Carol", [1, 0, 3, 2, 1, 5], null, 4m, 3m),
        };
        for (var i = 0; i < expected.Length; i++)
        {
            var (user, name, counts, merge, approval, review) = expected[i];
            var item = items[i];
            Assert.That(item.GetProperty("user_id").GetString(), Is.EqualTo(U(user)));
            Assert.That(item.GetProperty("name").GetString(), Is.EqualTo(name));
            var actual = new[] { "prs_created", "prs_merged", "commits_count", "reviews_count", "pr_comments_count", "active_days" }
                .Select(k => item.GetProperty(k).GetInt32()).ToArray();
            Assert.That(actual, Is.EqualTo(counts), name);
            Assert.That(Nullable(item, "avg_time_to_merge_hours"), Is.EqualTo(merge), name);
            Assert.That(Nullable(item, "avg_time_to_first_approval_hours"), Is.EqualTo(approval), name);
            Assert.That(Nullable(item, "avg_review_time_hours"), Is.EqualTo(review), name);
        }
        var meta = response.Json.GetProperty("meta");
        Assert.That(meta.GetProperty("total").GetInt32(), Is.EqualTo(3));
        Assert.That(meta.GetProperty("sort").GetString(), Is.EqualTo("name"));
        Assert.That(meta.GetProperty("order").GetString(), Is.EqualTo("asc"));
    }

    [TestCase("sort=reviews_count&order=desc", "Bob,Carol,Alice")]
    [TestCase("sort=avg_review_time_hours", "Carol,Bob,Alice")]
    [TestCase("sort=prs_created&order=desc", "Alice,Bob,Carol")]
    [TestCase("sort=name&order=desc", "Carol,Bob,Alice")]
    [TestCase("sort=name&per_page=1&page=2", "Bob")]
    public async Task TeamMembers_Sorts(string sort, string names)
    {
        var data = await DataAsync("review_collaboration/team_members", _w.Query + "&" + sort);
        Assert.That(string.Join(",", data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString())), Is.EqualTo(names));
    }

    [Test]
    public async Task TeamMembers_WithoutComparison_FirstTouchBeforeTheSpanStillRulesOutTheLaterOne()
    {
        // compare=none: the span starts at W, so Bob's 02-20 comment on P5 is only seen by the "no earlier touch" rule.
        var data = await DataAsync("review_collaboration/team_members", _w.Query + "&compare=none");
        var bob = data.GetProperty("items")[1];
        Assert.That(bob.GetProperty("name").GetString(), Is.EqualTo("Bob"));
        Assert.That(Nullable(bob, "avg_review_time_hours"), Is.EqualTo(9m));
        Assert.That(bob.GetProperty("reviews_count").GetInt32(), Is.EqualTo(3));
    }

    [TestCase("sort=opened_at")]
    [TestCase("breakdown=team")]
    public async Task TeamMembers_BadParameters_Are400(string extra)
    {
        var response = await Api.GetAsync($"/v1/metrics/review_collaboration/team_members?{_w.Query}&{extra}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
        Assert.That(response.Json.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("VALIDATION_ERROR"));
    }

    [Test]
    public async Task Interactions_Admin_WholeGraph()
    {
        var data = await DataAsync("interactions", _w.Query);
        Assert.That(EnvelopeAssert.Names(data), Is.EqualTo(new[] { "summary", "by_type", "nodes", "edges", "density", "cross_team_percent" }));
        var summary = data.GetProperty("summary");
        AssertCount(summary, "interactions", 5, [3m, 2m], 1);
        Assert.That(data.GetProperty("by_type").EnumerateArray().Select(t => (t.GetProperty("type").GetString(), t.GetProperty("count").GetInt32())),
            Is.EqualTo(new[] { ("pr_comment", 2), ("pr_review", 2), ("message", 1) }));
        Assert.That(Nodes(data), Is.EqualTo(new[]
        {
            (U(_w.Alice), "Alice", _w.Team1Id, 2, 1), (U(_w.Bob), "Bob", _w.Team1Id, 2, 2), (U(_w.Carol), "Carol", _w.Team1Id, 1, 0),
            (U(_w.Dave), "Dave", "team_" + _w.Team2, 0, 1),
        }));
        var edges = data.GetProperty("edges");
        Assert.That(Edges(data), Is.EqualTo(new[] { (U(_w.Alice), U(_w.Bob), 2), (U(_w.Bob), U(_w.Alice), 1), (U(_w.Carol), U(_w.Dave), 1) }));
        Assert.That(edges[0].GetProperty("types").GetRawText(), Is.EqualTo("""{"pr_comment":1,"pr_review":1}"""));
        Assert.That(Number(data, "density"), Is.EqualTo(33.3333m));
        Assert.That(Number(data, "cross_team_percent"), Is.EqualTo(25m));
    }

    [Test]
    public async Task Interactions_AdminOpenScope_EveryHumanActor()
    {
        var data = await DataAsync("interactions", $"organization_id={_w.OrgId}&start_date=2026-03-02&end_date=2026-03-15&granularity=week");
        Assert.That(Number(data, "summary.value"), Is.EqualTo(7));
    }

    [Test]
    public async Task Interactions_CollaboratorManagingNoTeam_SeesOnlyThemself()
    {
        var data = await DataAsync("interactions", _w.Query, _bobToken);
        AssertCount(data.GetProperty("summary"), "interactions", 2, [1m, 1m], 0);
        Assert.That(data.GetProperty("by_type").EnumerateArray().Select(t => (t.GetProperty("type").GetString(), t.GetProperty("count").GetInt32())),
            Is.EqualTo(new[] { ("message", 1), ("pr_review", 1) }));
        Assert.That(Nodes(data), Is.EqualTo(new[] { (U(_w.Alice), "Alice", _w.Team1Id, 0, 1), (U(_w.Bob), "Bob", _w.Team1Id, 2, 0) }));
        Assert.That(Edges(data), Is.EqualTo(new[] { (U(_w.Bob), U(_w.Alice), 1) }));
        Assert.That(data.GetProperty("density").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Number(data, "cross_team_percent"), Is.EqualTo(0));
    }

    [Test]
    public async Task Interactions_CollaboratorManagingATeam_SeesThemselfAndTheirTeam()
    {
        var data = await DataAsync("interactions", $"organization_id={_w.OrgId}&start_date=2026-03-02&end_date=2026-03-15&granularity=week", _daveToken);
        AssertCount(data.GetProperty("summary"), "interactions", 2, [0m, 2m], 0);
        var team2 = "team_" + _w.Team2;
        Assert.That(Nodes(data), Is.EqualTo(new[]
        {
            (U(_w.Alice), "Alice", _w.Team1Id, 0, 1), (U(_w.Dave), "Dave", team2, 1, 1), (U(_w.Erin), "Erin", team2, 1, 0),
        }));
        Assert.That(Edges(data), Is.EqualTo(new[] { (U(_w.Dave), U(_w.Alice), 1), (U(_w.Erin), U(_w.Dave), 1) }));
        Assert.That(Number(data, "density"), Is.EqualTo(50m));
        Assert.That(Number(data, "cross_team_percent"), Is.EqualTo(50m));

        var outside = await DataAsync("interactions", _w.Query, _daveToken);
        Assert.That(Number(outside, "summary.value"), Is.EqualTo(0));
        Assert.That(outside.GetProperty("nodes").GetArrayLength(), Is.EqualTo(0));
        Assert.That(outside.GetProperty("edges").GetArrayLength(), Is.EqualTo(0));
    }

    [Test]
    public async Task Payload_Collaborator_NarrowsInteractionsOnly()
    {
        var data = await DataAsync("all", _w.Query + "&families=team_activity,interactions", _bobToken);
        Assert.That(EnvelopeAssert.Names(data), Is.EqualTo(new[] { "context", "team_activity", "interactions" }));
        var interactions = data.GetProperty("interactions");
        Assert.That(interactions.GetProperty("family").GetString(), Is.EqualTo("interactions"));
        Assert.That(EnvelopeAssert.Names(interactions.GetProperty("metrics")), Is.EqualTo(new[] { "interactions" }));
        Assert.That(Number(interactions, "metrics.interactions.value"), Is.EqualTo(2));
        Assert.That(Number(data, "team_activity.metrics.active_days.sample_size"), Is.EqualTo(3));
        Assert.That(Number(data, "team_activity.metrics.reviews_count.value"), Is.EqualTo(6));

        var admin = await DataAsync("all", _w.Query + "&families=interactions");
        Assert.That(Number(admin, "interactions.metrics.interactions.value"), Is.EqualTo(5));
    }

    [TestCase("breakdown=team")]
    [TestCase("include=evidence")]
    [TestCase("page=1")]
    public async Task Interactions_BadParameters_Are400(string extra)
    {
        var response = await Api.GetAsync($"/v1/metrics/interactions?{_w.Query}&{extra}", _w.Token);
        Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
    }

    [Test]
    public async Task Interactions_Post_Is405WithAllowGet()
    {
        var response = await Api.PostJsonAsync("/v1/metrics/interactions", _w.Token, "{}");
        Assert.That(response.StatusCode, Is.EqualTo(405), response.ToString());
        Assert.That(response.Header("Allow"), Is.EqualTo("GET"));
    }

    private static decimal? Nullable(JsonElement item, string name) =>
        item.GetProperty(name).ValueKind == JsonValueKind.Null ? null : item.GetProperty(name).GetDecimal();

    private static List<(string?, string?, string?, int, int)> Nodes(JsonElement data) =>
        [.. data.GetProperty("nodes").EnumerateArray().Select(n => (n.GetProperty("id").GetString(), n.GetProperty("name").GetString(),
            n.GetProperty("team_ids")[0].GetString(), n.GetProperty("interactions_out").GetInt32(), n.GetProperty("interactions_in").GetInt32()))];

    private static List<(string?, string?, int)> Edges(JsonElement data) =>
        [.. data.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("source").GetString(), e.GetProperty("target").GetString(), e.GetProperty("count").GetInt32()))];
}
