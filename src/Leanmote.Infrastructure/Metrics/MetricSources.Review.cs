using Leanmote.Application.Metrics.Review;

namespace Leanmote.Infrastructure.Metrics;

/// <summary>The PR-events source of the review collaboration family (metrics.md §6.2).</summary>
internal sealed partial class MetricSources
{
    private static readonly string PullRequestEventsSql = $"""
        WITH pr AS (
            SELECT p.id, p.author_id, p.author_login, p.merged_at, p.merged_by_id, p.merged_by_login
            FROM pull_requests p
            WHERE p.organization_id = @org AND p.id = ANY(@prs)
        )
        SELECT e.id, e.pull_request_id, e.at, e.reviewer, e.kind, e.state, e.actor_id, e.actor_login
        FROM (
            SELECT c.id, pr.id AS pull_request_id, c.committed_at AS at, {ReviewerSide("c.author_id", "c.author_login")} AS reviewer,
                   'commit' AS kind, NULL::text AS state, c.author_id AS actor_id, c.author_login AS actor_login
            -- index probes per PR and per linked commit (OFFSET 0 keeps them nested): a hash join would read all of
            -- the organization's commits and links (1.2 s -> see docs/benchmarks.md on the large data)
            FROM pr
            CROSS JOIN LATERAL (SELECT pc.commit_id FROM pull_request_commits pc
                                WHERE pc.organization_id = @org AND pc.pull_request_id = pr.id OFFSET 0) pc
            CROSS JOIN LATERAL (SELECT c.id, c.committed_at, c.author_id, c.author_login FROM commits c
                                WHERE c.organization_id = @org AND c.id = pc.commit_id OFFSET 0) c
            WHERE {NotBot("c.author_id", "c.author_login")}
            UNION ALL
            SELECT cm.id, pr.id, cm.created_at, {ReviewerSide("cm.author_id", "cm.author_login")}, 'comment', NULL, cm.author_id, cm.author_login
            FROM pr
            JOIN pull_request_comments cm ON cm.organization_id = @org AND cm.pull_request_id = pr.id
            WHERE {NotBot("cm.author_id", "cm.author_login")}
            UNION ALL
            SELECT rv.id, pr.id, rv.submitted_at, {ReviewerSide("rv.reviewer_id", "rv.reviewer_login")}, 'review', rv.state, rv.reviewer_id, rv.reviewer_login
            FROM pr
            JOIN pull_request_reviews rv ON rv.organization_id = @org AND rv.pull_request_id = pr.id
            WHERE {NotBot("rv.reviewer_id", "rv.reviewer_login")}
            UNION ALL
            SELECT pr.id, pr.id, pr.merged_at, true, 'merge', NULL, pr.merged_by_id, pr.merged_by_login
            FROM pr
            WHERE pr.merged_at IS NOT NULL AND (pr.merged_by_id IS NOT NULL OR pr.merged_by_login IS NOT NULL)
              AND {ReviewerSide("pr.merged_by_id", "pr.merged_by_login")} AND {NotBot("pr.merged_by_id", "pr.merged_by_login")}
        ) e
        ORDER BY e.pull_request_id, e.at, e.kind, e.id
        """;

    public Task<IReadOnlyList<PullRequestEvent>> ReadPullRequestEventsAsync(long organizationId, long[] pullRequestIds, long[] botUserIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            if (pullRequestIds.Length == 0) return (IReadOnlyList<PullRequestEvent>)[];
            await using var command = db.CreateCommand(PullRequestEventsSql);
            command.Parameters.AddWithValue("org", organizationId);
            command.Parameters.AddWithValue("prs", pullRequestIds);
            command.Parameters.AddWithValue("bots", botUserIds);
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<PullRequestEvent>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(new PullRequestEvent(reader.GetInt64(0), reader.GetInt64(1), Instant(reader, 2), reader.GetBoolean(3), EventKind(reader.GetString(4)),
                    Text(reader, 5), Long(reader, 6), Text(reader, 7)));
            }
            return (IReadOnlyList<PullRequestEvent>)rows;
        }, ct);

    private static ReviewEventKind EventKind(string kind) => kind switch
    {
        "commit" => ReviewEventKind.Commit,
        "comment" => ReviewEventKind.Comment,
        "review" => ReviewEventKind.Review,
        "merge" => ReviewEventKind.Merge,
        _ => throw new InvalidOperationException($"unknown pull request event kind '{kind}'"),
    };
}
