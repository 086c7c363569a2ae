using System.Globalization;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Metrics;

/// <summary>
/// The common setup of metrics.md §10.0, as an organization of its own inside the contract database (so the rows of
/// one family's examples never meet another's): Alice, Bob, Carol in team 1; Dave, Erin in team 2; repository
/// <c>acme/api</c> (team 1, default branch main) and board API (team 1). Alice, the caller, is its admin.
/// </summary>
public sealed class MetricsWorld
{
    private readonly InProcessApi _host;

    private MetricsWorld(InProcessApi host) => _host = host;

    public long Org { get; private set; }
    public long Alice { get; private set; }
    public long Bob { get; private set; }
    public long Carol { get; private set; }
    public long Dave { get; private set; }
    public long Erin { get; private set; }
    public long Team1 { get; private set; }
    public long Team2 { get; private set; }
    public long App { get; private set; }
    public long Repo { get; private set; }
    public long Board { get; private set; }
    public string Token { get; private set; } = "";

    public string OrgId => "org_" + Org;
    public string Team1Id => "team_" + Team1;

    /// <summary>The §10.0 request: <c>start_date=2026-03-02&amp;end_date=2026-03-15&amp;granularity=week&amp;team_ids=team_1</c>.</summary>
    public string Query => $"organization_id={OrgId}&start_date=2026-03-02&end_date=2026-03-15&granularity=week&team_ids={Team1Id}";

    public static DateTimeOffset At(string monthDayTime) =>
        DateTimeOffset.ParseExact("2026-" + monthDayTime, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public async Task<long> InsertAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await _host.SqlAsync(sql, parameters), CultureInfo.InvariantCulture);

    public Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters) => _host.SqlAsync(sql, parameters);

    public static async Task<MetricsWorld> CreateAsync(InProcessApi host, string name)
    {
        var world = new MetricsWorld(host);
        var slug = name.ToLowerInvariant();
        world.Org = await world.InsertAsync("INSERT INTO organizations (name, slug) VALUES (@n, @s) RETURNING id", ("n", name), ("s", slug));
        async Task<long> UserAsync(string person)
        {
            var id = await world.InsertAsync("INSERT INTO users (name, email) VALUES (@n, @e) RETURNING id",
                ("n", person), ("e", $"{person.ToLowerInvariant()}.{slug}@golden.example"));
            await world.ExecuteAsync("INSERT INTO organization_members (organization_id, user_id, role) VALUES (@o, @u, @r)",
                ("o", world.Org), ("u", id), ("r", person == "Alice" ? "admin" : "collaborator"));
            return id;
        }
        world.Alice = await UserAsync("Alice");
        world.Bob = await UserAsync("Bob");
        world.Carol = await UserAsync("Carol");
        world.Dave = await UserAsync("Dave");
        world.Erin = await UserAsync("Erin");
        world.Team1 = await world.InsertAsync("INSERT INTO teams (organization_id, name) VALUES (@o, 'Platform') RETURNING id", ("o", world.Org));
        world.Team2 = await world.InsertAsync("INSERT INTO teams (organization_id, name) VALUES (@o, 'Mobile') RETURNING id", ("o", world.Org));
        foreach (var (team, user) in new[] { (world.Team1, world.Alice), (world.Team1, world.Bob), (world.Team1, world.Carol), (world.Team2, world.Dave), (world.Team2, world.Erin) })
            await world.ExecuteAsync("INSERT INTO team_members (organization_id, team_id, user_id) VALUES (@o, @t, @u)", ("o", world.Org), ("t", team), ("u", user));
        world.App = await world.InsertAsync("INSERT INTO apps (organization_id, provider, category, name) VALUES (@o, 'github', 'source_control', 'GitHub') RETURNING id", ("o", world.Org));
        world.Repo = await world.InsertAsync(
            "INSERT INTO repositories (organization_id, app_id, team_id, name, full_name, default_branch) VALUES (@o, @a, @t, 'api', 'acme/api', 'main') RETURNING id",
            ("o", world.Org), ("a", world.App), ("t", world.Team1));
        var jira = await world.InsertAsync("INSERT INTO apps (organization_id, provider, category, name) VALUES (@o, 'jira', 'project_management', 'Jira') RETURNING id", ("o", world.Org));
        world.Board = await world.InsertAsync("INSERT INTO boards (organization_id, app_id, team_id, key, name, provider) VALUES (@o, @a, @t, 'API', 'API', 'jira') RETURNING id",
            ("o", world.Org), ("a", jira), ("t", world.Team1));
        world.Token = await host.CreateTokenAsync($"alice.{slug}@golden.example");
        return world;
    }

    /// <summary>Inserts a PR of the world's repository; returns its id.</summary>
    public Task<long> PullRequestAsync(int number, long author, DateTimeOffset openedAt, DateTimeOffset? mergedAt, DateTimeOffset? firstCommitAt = null, long? mergedBy = null) =>
        InsertAsync("""
            INSERT INTO pull_requests (organization_id, repository_id, number, title, state, author_id, base_branch, head_branch,
                                       opened_at, first_commit_at, merged_at, merged_by_id)
            VALUES (@o, @r, @n, 'PR ' || @n, @s, @a, 'main', 'feature/' || @n, @opened, @first, @merged, @by) RETURNING id
            """, ("o", Org), ("r", Repo), ("n", number), ("s", mergedAt is null ? "open" : "merged"), ("a", author), ("opened", openedAt),
            ("first", (object?)firstCommitAt ?? DBNull.Value), ("merged", (object?)mergedAt ?? DBNull.Value), ("by", (object?)mergedBy ?? DBNull.Value));

    /// <summary>Inserts a commit of the world's repository (linked to <paramref name="pullRequest"/> when given).</summary>
    public async Task<long> CommitAsync(long author, DateTimeOffset committedAt, long? pullRequest = null, bool isMerge = false)
    {
        var id = await InsertAsync("""
            INSERT INTO commits (organization_id, repository_id, sha, author_id, committed_at, authored_at, is_merge)
            VALUES (@o, @r, md5(random()::text || clock_timestamp()::text), @a, @t, @t, @m) RETURNING id
            """, ("o", Org), ("r", Repo), ("a", author), ("t", committedAt), ("m", isMerge));
        if (pullRequest is { } pr)
        {
            await ExecuteAsync("INSERT INTO pull_request_commits (organization_id, pull_request_id, commit_id) VALUES (@o, @p, @c)", ("o", Org), ("p", pr), ("c", id));
            await RefreshTimelineAsync(pr);
        }
        return id;
    }

    /// <summary>
    /// Keeps the PR's denormalized timeline columns as the ingesting Git module does (metrics.md §6.2, §8.2): the first
    /// commit (the earlier of the column and the linked commits), the first reviewer-side comment, review or commit at
    /// or after opening (<c>first_review_at</c>), and the first approval by someone other than the author. Bots: users
    /// with <c>is_bot</c>, or unmapped logins ending in <c>[bot]</c>.
    /// </summary>
    public Task RefreshTimelineAsync(long pullRequest) => ExecuteAsync("""
        UPDATE pull_requests p SET
            first_commit_at = LEAST(p.first_commit_at, (SELECT min(c.committed_at) FROM pull_request_commits pc
                JOIN commits c ON c.organization_id = pc.organization_id AND c.id = pc.commit_id
                WHERE pc.organization_id = p.organization_id AND pc.pull_request_id = p.id)),
            first_review_at = (SELECT min(t) FROM (
                SELECT c.committed_at AS t, c.author_id AS who FROM pull_request_commits pc
                    JOIN commits c ON c.organization_id = pc.organization_id AND c.id = pc.commit_id
                    WHERE pc.organization_id = p.organization_id AND pc.pull_request_id = p.id
                UNION ALL SELECT m.created_at, m.author_id FROM pull_request_comments m
                    WHERE m.organization_id = p.organization_id AND m.pull_request_id = p.id
                UNION ALL SELECT r.submitted_at, r.reviewer_id FROM pull_request_reviews r
                    WHERE r.organization_id = p.organization_id AND r.pull_request_id = p.id) e
                WHERE e.t >= p.opened_at AND e.who IS DISTINCT FROM p.author_id
                  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.who AND u.is_bot)),
            first_approval_at = (SELECT min(r.submitted_at) FROM pull_request_reviews r
                WHERE r.organization_id = p.organization_id AND r.pull_request_id = p.id AND r.state = 'approved'
                  AND r.reviewer_id IS DISTINCT FROM p.author_id
                  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.reviewer_id AND u.is_bot))
        WHERE p.organization_id = @o AND p.id = @p
        """, ("o", Org), ("p", pullRequest));

    public async Task ReviewAsync(long pullRequest, long reviewer, string state, DateTimeOffset at)
    {
        await ExecuteAsync("INSERT INTO pull_request_reviews (organization_id, pull_request_id, reviewer_id, state, submitted_at) VALUES (@o, @p, @u, @s, @t)",
            ("o", Org), ("p", pullRequest), ("u", reviewer), ("s", state), ("t", at));
        await RefreshTimelineAsync(pullRequest);
    }

    public async Task CommentAsync(long pullRequest, long author, DateTimeOffset at)
    {
        await ExecuteAsync("INSERT INTO pull_request_comments (organization_id, pull_request_id, author_id, created_at) VALUES (@o, @p, @u, @t)",
            ("o", Org), ("p", pullRequest), ("u", author), ("t", at));
        await RefreshTimelineAsync(pullRequest);
    }

    public static decimal Number(JsonElement element, string path)
    {
        var current = element;
        foreach (var part in path.Split('.')) current = int.TryParse(part, out var index) ? current[index] : current.GetProperty(part);
        return current.GetDecimal();
    }

    /// <summary>The <c>value</c> of every bucket of a metric's series, in order (null stays null).</summary>
    public static decimal?[] Series(JsonElement metric) =>
        [.. metric.GetProperty("series").EnumerateArray().Select(b => b.GetProperty("value").ValueKind == JsonValueKind.Null ? (decimal?)null : b.GetProperty("value").GetDecimal())];

    public static int[] SeriesSizes(JsonElement metric) => [.. metric.GetProperty("series").EnumerateArray().Select(b => b.GetProperty("sample_size").GetInt32())];
}
