using Leanmote.Application.Metrics;
using Leanmote.Application.Metrics.Dora;
using NpgsqlTypes;
using Npgsql;

namespace Leanmote.Infrastructure.Metrics;

internal sealed partial class MetricSources
{
    /// <summary>
    /// In-scope rows of each source anchored in W (metrics.md §7.2) and the latest sync of the apps feeding it, in
    /// one statement. People rules follow §5.3 (unmapped identities count in open scope only). Each count is driven by
    /// its table's time index; the people test is written <c>(… = ANY(@people)) IS TRUE</c> so the planner applies it as
    /// a filter instead of walking a person index over the table's whole history.
    /// </summary>
    private const string SourcesSql = """
        SELECT 'pull_requests', (SELECT count(*) FROM pull_requests p WHERE p.organization_id = @org AND p.opened_at >= @ws AND p.opened_at < @we
                   AND (@repos::bigint[] IS NULL OR p.repository_id = ANY(@repos))
                   AND (CASE WHEN p.author_id IS NOT NULL THEN p.author_id = ANY(@people) ELSE @open AND p.author_login NOT ILIKE '%[bot]' END)),
               (SELECT max(a.last_synced_at) FROM apps a WHERE a.organization_id = @org AND a.category = 'source_control')
        UNION ALL
        SELECT 'deployments', (SELECT count(*) FROM deployments d WHERE d.organization_id = @org AND d.finished_at >= @ws AND d.finished_at < @we
                   AND (@repos::bigint[] IS NULL OR d.repository_id = ANY(@repos))
                   AND (@teams::bigint[] IS NULL OR d.team_id = ANY(@teams) OR d.repository_id = ANY(@team_repos))), NULL::timestamptz
        UNION ALL
        SELECT 'incidents', (SELECT count(*) FROM incidents i WHERE i.organization_id = @org AND i.started_at >= @ws AND i.started_at < @we
                   AND (@repos::bigint[] IS NULL OR i.repository_id = ANY(@repos))
                   AND (@teams::bigint[] IS NULL OR i.team_id = ANY(@teams) OR i.repository_id = ANY(@team_repos))), NULL::timestamptz
        UNION ALL
        SELECT 'tasks', (SELECT count(*) FROM tasks t WHERE t.organization_id = @org AND t.updated_at >= @ws AND t.updated_at < @we
                   AND (t.assignee_id = ANY(@people)) IS TRUE AND (@boards::bigint[] IS NULL OR t.board_id = ANY(@boards))),
               (SELECT max(a.last_synced_at) FROM apps a WHERE a.organization_id = @org AND a.category = 'project_management')
        UNION ALL
        SELECT 'task_worklogs', (SELECT count(*) FROM task_worklogs w JOIN tasks t ON t.organization_id = w.organization_id AND t.id = w.task_id
                   WHERE w.organization_id = @org AND w.started_at >= @ws AND w.started_at < @we AND (w.user_id = ANY(@people)) IS TRUE
                   AND (@boards::bigint[] IS NULL OR t.board_id = ANY(@boards))),
               (SELECT max(a.last_synced_at) FROM apps a WHERE a.organization_id = @org AND a.category = 'project_management')
        UNION ALL
        SELECT 'calendar_events', (SELECT count(*) FROM calendar_events e WHERE e.organization_id = @org AND e.start_at >= @ws AND e.start_at < @we
                   AND EXISTS (SELECT 1 FROM calendar_event_attendees x WHERE x.organization_id = e.organization_id AND x.event_id = e.id
                               AND x.response_status <> 'declined' AND (x.user_id = ANY(@people)) IS TRUE)),
               (SELECT max(a.last_synced_at) FROM apps a WHERE a.organization_id = @org AND a.category = 'calendar')
        UNION ALL
        SELECT 'interactions', (SELECT count(*) FROM interactions n WHERE n.organization_id = @org AND n.occurred_at >= @ws AND n.occurred_at < @we
                   AND (n.actor_id = ANY(@people)) IS TRUE),
               (SELECT max(a.last_synced_at) FROM apps a WHERE a.organization_id = @org AND a.category = 'communication')
        UNION ALL
        SELECT 'ai_usage_daily', (SELECT count(*) FROM ai_usage_daily u JOIN telemetry_identities ti ON ti.organization_id = u.organization_id AND ti.id = u.identity_id
                   WHERE u.organization_id = @org AND u.day >= @ws::date AND u.day < @we::date
                   AND (ti.user_id = ANY(@people) OR (@open AND ti.user_id IS NULL))),
               (SELECT max(a.last_synced_at) FROM apps a WHERE a.organization_id = @org AND a.category = 'ai_assistant')
        """;

    public Task<IReadOnlyList<ContextSource>> ReadSourcesAsync(SourceQuery query, long[]? boardIds, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var command = db.CreateCommand(SourcesSql);
            Bind(command, query);
            command.Parameters.AddWithValue("ws", windowStart);
            command.Parameters.AddWithValue("we", windowEnd);
            command.Parameters.Add(new NpgsqlParameter("boards", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = (object?)boardIds ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<ContextSource>();
            while (await reader.ReadAsync(token)) rows.Add(new ContextSource(reader.GetString(0), reader.GetInt64(1), NullableInstant(reader, 2)));
            return (IReadOnlyList<ContextSource>)rows;
        }, ct);
}
