using Leanmote.Application.Metrics;
using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;
using Leanmote.Infrastructure.Database;
using Npgsql;
using NpgsqlTypes;

namespace Leanmote.Infrastructure.Metrics;

/// <summary>
/// The set-based SQL behind the metric definitions (metrics.md §6): each source is one statement over indexed
/// columns returning one row per fact, with the joins (deployment attribution, PR timelines) done in PostgreSQL.
/// </summary>
internal sealed partial class MetricSources(NpgsqlDataSource db, DbRetry retry) : IMetricSources
{
    /// <summary>An actor of U (metrics.md §5.1): a platform user of @people, or — in open scope only — an unmapped non-bot login.</summary>
    private static string InPeople(string id, string login) =>
        $"(CASE WHEN {id} IS NOT NULL THEN {id} = ANY(@people) ELSE @open AND {login} IS NOT NULL AND {login} NOT ILIKE '%[bot]' END)";

    /// <summary>
    /// Reviewer side (metrics.md §3.9, §6.2): the actor (<c>x</c>) is not the PR's (<c>pr</c>) author — users by id,
    /// unmapped logins case-insensitively.
    /// </summary>
    private static string ReviewerSide(string id, string login) =>
        $"(CASE WHEN {id} IS NOT NULL OR pr.author_id IS NOT NULL THEN {id} IS NOT DISTINCT FROM pr.author_id " +
        $"ELSE lower({login}) = lower(pr.author_login) END) IS NOT TRUE";

    /// <summary>Not a bot: not a user of @bots (<c>users.is_bot</c>), and not an unmapped login ending in <c>[bot]</c>.</summary>
    private static string NotBot(string id, string login) => $"({id} = ANY(@bots) OR ({id} IS NULL AND {login} ILIKE '%[bot]')) IS NOT TRUE";

    /// <summary>Someone other than the PR's author, and not a bot.</summary>
    private static string Other(string id, string login) => $"{ReviewerSide(id, login)} AND {NotBot(id, login)}";

    /// <summary>
    /// The in-scope PRs of the span with their deployment (metrics.md §6.3). Timeline values come from the PR row's
    /// denormalized columns (§8.2: kept by the ingesting module, equal to the §6.2 definitions; ADR 0042). Deployments
    /// are matched set-based: the earliest explicitly linked production deployment from the lookback on; only a merged PR
    /// without any production link falls back to the earliest deployment of its repository and branch after the merge.
    /// </summary>
    private static readonly string PullRequestsSql = $"""
        WITH prod AS MATERIALIZED (
            SELECT d.id, d.finished_at
            FROM deployments d
            WHERE d.organization_id = @org AND d.status = 'success' AND d.finished_at IS NOT NULL AND lower(d.environment) = ANY(@envs)
              AND d.finished_at >= @lookback AND d.finished_at < @to
        ),
        linked AS (
            SELECT l.pull_request_id AS id, min(p.finished_at) AS deployed_at,
                   (array_agg(p.id ORDER BY p.finished_at, p.id))[1] AS deployment_id
            FROM prod p
            JOIN deployment_pull_requests l ON l.organization_id = @org AND l.deployment_id = p.id
            GROUP BY l.pull_request_id
        ),
        pr AS (
            SELECT p.id, p.repository_id, p.number, p.title, p.head_branch, p.base_branch, p.base_branch = r.default_branch AS into_default,
                   p.author_id, p.author_login, p.is_draft, p.opened_at, p.ready_for_review_at, p.merged_at, p.closed_at,
                   COALESCE(p.first_commit_at, p.opened_at) AS first_commit_at, p.first_review_at, p.first_approval_at,
                   p.additions, p.deletions, p.is_ai_assisted
            FROM pull_requests p
            JOIN repositories r ON r.organization_id = p.organization_id AND r.id = p.repository_id
            WHERE p.organization_id = @org
              AND (@repos::bigint[] IS NULL OR p.repository_id = ANY(@repos))
              AND {InPeople("p.author_id", "p.author_login")}
              AND p.opened_at < @to
              AND (p.opened_at >= @from OR p.ready_for_review_at >= @from OR p.merged_at >= @lookback
                   OR (p.merged_at IS NULL AND (p.closed_at IS NULL OR p.closed_at >= @from)))
        )
        SELECT pr.id, pr.repository_id, pr.number, pr.title, pr.head_branch, pr.into_default, pr.author_id, pr.author_login,
               pr.is_draft, pr.opened_at, pr.ready_for_review_at, pr.merged_at, pr.closed_at, pr.first_commit_at,
               pr.first_review_at, pr.first_approval_at,
               COALESCE(linked.deployment_id, implicit.id) AS deployment_id, COALESCE(linked.deployed_at, implicit.finished_at) AS deployed_at,
               pr.additions, pr.deletions, pr.is_ai_assisted
        FROM pr
        LEFT JOIN linked ON linked.id = pr.id
        LEFT JOIN LATERAL (
            -- only for a merged PR with no production link at all (the outer conditions gate the index scan)
            SELECT d.id, d.finished_at
            FROM deployments d
            WHERE linked.id IS NULL AND pr.merged_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM deployment_pull_requests l
                              JOIN deployments x ON x.organization_id = l.organization_id AND x.id = l.deployment_id
                              WHERE l.organization_id = @org AND l.pull_request_id = pr.id
                                AND x.status = 'success' AND x.finished_at IS NOT NULL AND lower(x.environment) = ANY(@envs))
              AND d.organization_id = @org AND d.repository_id = pr.repository_id AND d.finished_at >= pr.merged_at
              AND d.status = 'success' AND lower(d.environment) = ANY(@envs) AND (d.ref IS NULL OR d.ref = pr.base_branch)
            ORDER BY d.finished_at, d.id LIMIT 1
        ) implicit ON true
        WHERE pr.opened_at >= @from OR pr.ready_for_review_at >= @from OR pr.merged_at >= @from
           OR (pr.merged_at IS NULL AND (pr.closed_at IS NULL OR pr.closed_at >= @from))
           OR COALESCE(linked.deployed_at, implicit.finished_at) >= @from
        """;

    private const string DeploymentsSql = """
        WITH prod AS (
            SELECT d.id, d.repository_id, d.team_id, r.team_id AS repository_team_id, d.environment, d.change_type, d.service, d.finished_at
            FROM deployments d
            LEFT JOIN repositories r ON r.organization_id = d.organization_id AND r.id = d.repository_id
            WHERE d.organization_id = @org AND d.status = 'success' AND d.finished_at IS NOT NULL AND lower(d.environment) = ANY(@envs)
              AND d.finished_at >= @from - @window AND d.finished_at < @to + @window
        ),
        nexts AS (
            SELECT id, lead(change_type) OVER w AS next_type, lead(finished_at) OVER w AS next_at
            FROM prod WHERE repository_id IS NOT NULL
            WINDOW w AS (PARTITION BY repository_id, lower(environment) ORDER BY finished_at, id)
        ),
        attributed AS (
            SELECT latest.id
            FROM incidents i
            CROSS JOIN LATERAL (
                -- the latest production deployment at or before the incident: of its repository, or (without one) of
                -- its team; each branch walks an index backwards and stops at the first match
                SELECT x.id, x.finished_at FROM (
                    (SELECT d.id, d.finished_at FROM deployments d
                     WHERE i.repository_id IS NOT NULL AND d.organization_id = @org AND d.repository_id = i.repository_id
                       AND d.status = 'success' AND d.finished_at <= i.started_at AND lower(d.environment) = ANY(@envs)
                     ORDER BY d.finished_at DESC, d.id DESC LIMIT 1)
                    UNION ALL
                    (SELECT d.id, d.finished_at FROM deployments d
                     WHERE i.repository_id IS NULL AND d.organization_id = @org AND d.team_id = i.team_id
                       AND d.status = 'success' AND d.finished_at <= i.started_at AND lower(d.environment) = ANY(@envs)
                     ORDER BY d.finished_at DESC, d.id DESC LIMIT 1)
                ) x LIMIT 1
            ) latest
            WHERE i.organization_id = @org AND i.deployment_id IS NULL
              AND i.started_at >= @from AND i.started_at < @to + @window
              AND i.started_at - latest.finished_at <= @window
        )
        SELECT p.id, p.finished_at, p.repository_id, p.team_id, p.repository_team_id, p.environment, p.change_type, p.service,
               (EXISTS (SELECT 1 FROM incidents i WHERE i.organization_id = @org AND i.deployment_id = p.id)
                OR p.id IN (SELECT id FROM attributed)) AS failed_by_incident,
               COALESCE(n.next_type IN ('rollback', 'hotfix') AND n.next_at - p.finished_at <= @window, false) AS failed_by_change
        FROM prod p
        LEFT JOIN nexts n ON n.id = p.id
        WHERE p.finished_at >= @from AND p.finished_at < @to
          AND (@repos::bigint[] IS NULL OR p.repository_id = ANY(@repos))
          AND (@teams::bigint[] IS NULL OR p.team_id = ANY(@teams) OR p.repository_id = ANY(@team_repos))
        ORDER BY p.finished_at, p.id
        """;

    private const string IncidentsSql = """
        SELECT i.id, i.title, i.severity, i.started_at, i.resolved_at, i.team_id, i.repository_id, r.team_id, i.deployment_id
        FROM incidents i
        LEFT JOIN repositories r ON r.organization_id = i.organization_id AND r.id = i.repository_id
        WHERE i.organization_id = @org
          AND i.started_at < @to AND (i.resolved_at IS NULL OR i.resolved_at >= @from)
          AND (@repos::bigint[] IS NULL OR i.repository_id = ANY(@repos))
          AND (@teams::bigint[] IS NULL OR i.team_id = ANY(@teams) OR i.repository_id = ANY(@team_repos))
        ORDER BY i.started_at, i.id
        """;

    public Task<IReadOnlyList<PullRequestFact>> ReadPullRequestsAsync(SourceQuery query, CancellationToken ct) =>
        ReadAsync(PullRequestsSql, query, r => new PullRequestFact(
            r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetString(3), Text(r, 4), r.GetBoolean(5), Long(r, 6), Text(r, 7),
            r.GetBoolean(8), Instant(r, 9), NullableInstant(r, 10), NullableInstant(r, 11), NullableInstant(r, 12), Instant(r, 13),
            NullableInstant(r, 14), NullableInstant(r, 15), Long(r, 16), NullableInstant(r, 17), r.GetInt32(18), r.GetInt32(19),
            r.GetBoolean(20)), ct);

    public Task<IReadOnlyList<DeploymentFact>> ReadDeploymentsAsync(SourceQuery query, CancellationToken ct) =>
        ReadAsync(DeploymentsSql, query, r => new DeploymentFact(
            r.GetInt64(0), Instant(r, 1), Long(r, 2), Long(r, 3), Long(r, 4), r.GetString(5), r.GetString(6), Text(r, 7),
            r.GetBoolean(8), r.GetBoolean(9)), ct);

    public Task<IReadOnlyList<IncidentFact>> ReadIncidentsAsync(SourceQuery query, CancellationToken ct) =>
        ReadAsync(IncidentsSql, query, r => new IncidentFact(
            r.GetInt64(0), r.GetString(1), Text(r, 2), Instant(r, 3), NullableInstant(r, 4), Long(r, 5), Long(r, 6), Long(r, 7),
            Long(r, 8)), ct);

    private Task<IReadOnlyList<T>> ReadAsync<T>(string sql, SourceQuery query, Func<NpgsqlDataReader, T> map, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var command = db.CreateCommand(sql);
            Bind(command, query);
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<T>();
            while (await reader.ReadAsync(token)) rows.Add(map(reader));
            return (IReadOnlyList<T>)rows;
        }, ct);

    private static void Bind(NpgsqlCommand command, SourceQuery q)
    {
        var p = command.Parameters;
        p.AddWithValue("org", q.OrganizationId);
        p.AddWithValue("from", q.From);
        p.AddWithValue("to", q.To);
        p.AddWithValue("lookback", q.From - SourceQuery.DeploymentLookback);
        p.AddWithValue("window", TimeSpan.FromHours(q.AttributionWindowHours));
        p.AddWithValue("open", q.OpenScope);
        p.AddWithValue("people", q.People);
        p.AddWithValue("bots", q.BotUserIds);
        p.Add(new NpgsqlParameter("repos", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = (object?)q.RepositoryIds ?? DBNull.Value });
        p.Add(new NpgsqlParameter("teams", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = (object?)q.TeamIds ?? DBNull.Value });
        p.AddWithValue("team_repos", q.TeamRepositoryIds);
        p.AddWithValue("envs", q.ProductionEnvironments);
    }

    private static DateTimeOffset Instant(NpgsqlDataReader r, int i) => new(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    private static DateTimeOffset? NullableInstant(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Instant(r, i);

    private static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
