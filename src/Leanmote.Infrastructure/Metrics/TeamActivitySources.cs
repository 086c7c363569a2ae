using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.TeamActivity;
using Npgsql;
using NpgsqlTypes;

namespace Leanmote.Infrastructure.Metrics;

internal sealed partial class MetricSources
{
    /// <summary>
    /// Every activity event of the people of U in [@from, @to) (metrics.md §7.6), one statement: non-merge commits of R
    /// (unique per repository and sha by the table's key), PRs of R opened, reviews and PR comments on PRs of R with whether the PR is
    /// someone else's, task status changes on boards of B, and each platform user's first touch (earliest comment,
    /// review or commit at or after opening) of another person's PR of R when it falls in the span (§7.5). Only a PR
    /// opened before the span can have an earlier touch, so only those are probed (by index) for one.
    /// </summary>
    private static readonly string ActivitySql = $"""
        WITH touch AS (
            SELECT rv.reviewer_id AS actor, rv.pull_request_id AS pr_id, rv.submitted_at AS at
            FROM pull_request_reviews rv
            WHERE rv.organization_id = @org AND rv.reviewer_id = ANY(@people) AND rv.submitted_at >= @from AND rv.submitted_at < @to
            UNION ALL
            SELECT cm.author_id, cm.pull_request_id, cm.created_at
            FROM pull_request_comments cm
            WHERE cm.organization_id = @org AND cm.author_id = ANY(@people) AND cm.created_at >= @from AND cm.created_at < @to
            UNION ALL
            SELECT c.author_id, pc.pull_request_id, c.committed_at
            FROM commits c
            JOIN pull_request_commits pc ON pc.organization_id = c.organization_id AND pc.commit_id = c.id
            WHERE c.organization_id = @org AND c.author_id = ANY(@people) AND c.committed_at >= @from AND c.committed_at < @to
        ),
        firsts AS (
            SELECT t.actor, pr.id AS pr_id, pr.repository_id, pr.opened_at, min(t.at) AS at
            FROM touch t
            JOIN pull_requests pr ON pr.organization_id = @org AND pr.id = t.pr_id
            WHERE t.at >= pr.opened_at AND pr.author_id IS DISTINCT FROM t.actor
              AND (@repos::bigint[] IS NULL OR pr.repository_id = ANY(@repos))
            GROUP BY t.actor, pr.id, pr.repository_id, pr.opened_at
        )
        SELECT 'commit' AS kind, c.id, c.author_id, c.author_login, c.committed_at AS at, c.repository_id,
               NULL::bigint AS pull_request_id, true AS on_others, NULL::timestamptz AS opened_at
        FROM commits c
        WHERE c.organization_id = @org AND c.committed_at >= @from AND c.committed_at < @to AND NOT c.is_merge
          AND (@repos::bigint[] IS NULL OR c.repository_id = ANY(@repos))
          AND {InPeople("c.author_id", "c.author_login")}
        UNION ALL
        SELECT 'pull_request_opened', p.id, p.author_id, p.author_login, p.opened_at, p.repository_id, p.id, true, p.opened_at
        FROM pull_requests p
        WHERE p.organization_id = @org AND p.opened_at >= @from AND p.opened_at < @to
          AND (@repos::bigint[] IS NULL OR p.repository_id = ANY(@repos))
          AND {InPeople("p.author_id", "p.author_login")}
        UNION ALL
        SELECT 'review', rv.id, rv.reviewer_id, rv.reviewer_login, rv.submitted_at, pr.repository_id, pr.id,
               {Other("rv.reviewer_id", "rv.reviewer_login")}, pr.opened_at
        FROM pull_request_reviews rv
        JOIN pull_requests pr ON pr.organization_id = rv.organization_id AND pr.id = rv.pull_request_id
        WHERE rv.organization_id = @org AND rv.submitted_at >= @from AND rv.submitted_at < @to
          AND (@repos::bigint[] IS NULL OR pr.repository_id = ANY(@repos))
          AND {InPeople("rv.reviewer_id", "rv.reviewer_login")}
        UNION ALL
        SELECT 'comment', cm.id, cm.author_id, cm.author_login, cm.created_at, pr.repository_id, pr.id,
               {Other("cm.author_id", "cm.author_login")}, pr.opened_at
        FROM pull_request_comments cm
        JOIN pull_requests pr ON pr.organization_id = cm.organization_id AND pr.id = cm.pull_request_id
        WHERE cm.organization_id = @org AND cm.created_at >= @from AND cm.created_at < @to
          AND (@repos::bigint[] IS NULL OR pr.repository_id = ANY(@repos))
          AND {InPeople("cm.author_id", "cm.author_login")}
        UNION ALL
        -- status changes count only as active days: one row per person and UTC day (the day's first change)
        SELECT 'task_status_change', min(s.id), s.changed_by_id, NULL, min(s.changed_at), NULL, NULL, true, NULL
        FROM task_status_changes s
        WHERE s.organization_id = @org AND s.changed_at >= @from AND s.changed_at < @to AND s.changed_by_id = ANY(@people)
          AND (@boards::bigint[] IS NULL OR EXISTS (SELECT 1 FROM tasks t
                                                    WHERE t.organization_id = s.organization_id AND t.id = s.task_id AND t.board_id = ANY(@boards)))
        GROUP BY s.changed_by_id, (s.changed_at AT TIME ZONE 'UTC')::date
        UNION ALL
        SELECT 'first_touch', f.pr_id, f.actor, NULL, f.at, f.repository_id, f.pr_id, true, f.opened_at
        FROM firsts f
        WHERE f.opened_at >= @from
           OR (NOT EXISTS (SELECT 1 FROM pull_request_reviews x
                          WHERE x.organization_id = @org AND x.pull_request_id = f.pr_id AND x.reviewer_id = f.actor
                            AND x.submitted_at >= f.opened_at AND x.submitted_at < @from)
          AND NOT EXISTS (SELECT 1 FROM pull_request_comments x
                          WHERE x.organization_id = @org AND x.pull_request_id = f.pr_id AND x.author_id = f.actor
                            AND x.created_at >= f.opened_at AND x.created_at < @from)
          AND NOT EXISTS (SELECT 1 FROM pull_request_commits pc
                          JOIN commits x ON x.organization_id = pc.organization_id AND x.id = pc.commit_id
                          WHERE pc.organization_id = @org AND pc.pull_request_id = f.pr_id AND x.author_id = f.actor
                            AND x.committed_at >= f.opened_at AND x.committed_at < @from))
        """;

    /// <summary>Interactions of actors in U in [@from, @to); rows targeting a bot are dropped (metrics.md §3.9).</summary>
    private const string InteractionsSql = """
        SELECT i.id, i.type, i.actor_id, i.target_user_id, i.occurred_at
        FROM interactions i
        WHERE i.organization_id = @org AND i.occurred_at >= @from AND i.occurred_at < @to AND i.actor_id = ANY(@people)
          AND (i.target_user_id IS NULL OR NOT i.target_user_id = ANY(@bots))
        ORDER BY i.occurred_at, i.id
        """;

    public Task<IReadOnlyList<ActivityEvent>> ReadActivityAsync(SourceQuery query, long[]? boardIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var command = db.CreateCommand(ActivitySql);
            Bind(command, query);
            command.Parameters.Add(new NpgsqlParameter("boards", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = (object?)boardIds ?? DBNull.Value });
            await using var r = await command.ExecuteReaderAsync(token);
            var rows = new List<ActivityEvent>();
            while (await r.ReadAsync(token))
            {
                rows.Add(new ActivityEvent(r.GetString(0), r.GetInt64(1), Long(r, 2), Text(r, 3), Instant(r, 4), Long(r, 5), Long(r, 6),
                    r.GetBoolean(7), NullableInstant(r, 8)));
            }
            return (IReadOnlyList<ActivityEvent>)rows;
        }, ct);

    public Task<IReadOnlyList<InteractionFact>> ReadInteractionsAsync(SourceQuery query, CancellationToken ct) =>
        ReadAsync(InteractionsSql, query, r => new InteractionFact(r.GetInt64(0), r.GetString(1), r.GetInt64(2), Long(r, 3), Instant(r, 4)), ct);
}
