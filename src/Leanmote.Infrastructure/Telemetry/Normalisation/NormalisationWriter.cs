using System.Globalization;
using System.Text.Json;
using Leanmote.Infrastructure.Telemetry.Identities;
using Npgsql;
using NpgsqlTypes;

namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>
/// Writes one payload's <see cref="NormalisedBatch"/> inside the caller's transaction (otel.md §7.2 step 2).
/// Every insert is ON CONFLICT DO NOTHING on the fact keys of §6.2; roll-ups (ai_usage_daily, ai_sessions) are
/// incremented only from the rows an insert actually returned, so a duplicate or a retried payload never
/// counts twice. Rows that share locks (series, identities, roll-ups) are written in key order so concurrent
/// normalizers cannot deadlock.
/// </summary>
public sealed class NormalisationWriter(TelemetryIdentityResolver identities)
{
    internal async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long organizationId, DateTime receivedAt,
        NormalisedBatch batch, CancellationToken ct)
    {
        var ids = await identities.ResolveAsync(conn, tx, organizationId, batch.Identities, ct);
        long? IdOf(IdentityRef? r) => r is null ? null : ids.TryGetValue((r.Source, r.Key), out var id) ? id : null;

        await WriteResourcesAsync(conn, tx, organizationId, receivedAt, batch, ct);
        if (batch.Logs.Count > 0) await WriteLogsAsync(conn, tx, organizationId, receivedAt, batch.Logs, IdOf, ct);
        if (batch.Spans.Count > 0) await WriteSpansAsync(conn, tx, organizationId, batch.Spans, IdOf, ct);

        var rollup = new Rollup();
        if (batch.AiEvents.Count > 0) await WriteAiEventsAsync(conn, tx, organizationId, batch.AiEvents, IdOf, rollup, ct);
        if (batch.Points.Count > 0) await WriteMetricsAsync(conn, tx, organizationId, batch, IdOf, rollup, ct);
        await WriteRollupsAsync(conn, tx, organizationId, batch, rollup, IdOf, ct);
    }

    // ---------------------------------------------------------------- resources

    private static async Task WriteResourcesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long org, DateTime now, NormalisedBatch batch, CancellationToken ct)
    {
        var rows = batch.Resources.Values.OrderBy(r => r.Hash, ByteComparer.Instance).ToList();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO otel_resources (organization_id, resource_hash, service_name, service_version, attributes, first_seen_at, last_seen_at)
            SELECT @org, t.h, t.sn, t.sv, t.a::jsonb, @now, @now FROM unnest(@h, @sn, @sv, @a) AS t(h, sn, sv, a)
            ON CONFLICT (organization_id, resource_hash) DO NOTHING;
            UPDATE otel_resources SET last_seen_at = @now
            WHERE organization_id = @org AND resource_hash = ANY(@h) AND last_seen_at < @now - interval '1 minute';
            """, conn, tx);
        cmd.Parameters.AddWithValue("org", org);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("h", rows.Select(r => r.Hash).ToArray());
        cmd.Parameters.AddWithValue("sn", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.ServiceName).ToArray());
        cmd.Parameters.AddWithValue("sv", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.ServiceVersion).ToArray());
        cmd.Parameters.AddWithValue("a", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.AttributesJson).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // ---------------------------------------------------------------- logs and spans

    private static async Task WriteLogsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long org, DateTime receivedAt,
        List<LogRow> logs, Func<IdentityRef?, long?> idOf, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO otel_log_records (organization_id, record_hash, payload_id, received_at, resource_hash, scope_name, scope_version,
                occurred_at, time_unix_nano, observed_at, severity_number, severity_text, event_name, body, attributes, trace_id, span_id,
                flags, dropped_attributes_count, identity_id, session_id)
            SELECT @org, t.rh, t.pl, @received, t.res, t.sn, t.sv, t.oa, t.tn, t.ob, t.sev, t.st, t.en, t.b::jsonb, t.a::jsonb,
                   t.tid, t.sid, t.f, t.d, t.iid, t.sess
            FROM unnest(@rh, @pl, @res, @sn, @sv, @oa, @tn, @ob, @sev, @st, @en, @b, @a, @tid, @sid, @f, @d, @iid, @sess)
                 AS t(rh, pl, res, sn, sv, oa, tn, ob, sev, st, en, b, a, tid, sid, f, d, iid, sess)
            ON CONFLICT (organization_id, record_hash, occurred_at) DO NOTHING
            """, conn, tx);
        var p = cmd.Parameters;
        p.AddWithValue("org", org);
        p.AddWithValue("received", receivedAt);
        p.AddWithValue("rh", logs.Select(l => l.RecordHash).ToArray());
        p.AddWithValue("pl", logs.Select(l => l.PayloadId).ToArray());
        p.AddWithValue("res", logs.Select(l => l.ResourceHash).ToArray());
        p.AddWithValue("sn", logs.Select(l => l.ScopeName).ToArray());
        p.AddWithValue("sv", NpgsqlDbType.Array | NpgsqlDbType.Text, logs.Select(l => l.ScopeVersion).ToArray());
        p.AddWithValue("oa", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, logs.Select(l => l.OccurredAt).ToArray());
        p.AddWithValue("tn", logs.Select(l => l.TimeUnixNano).ToArray());
        p.AddWithValue("ob", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, logs.Select(l => (object?)l.ObservedAt ?? DBNull.Value).ToArray());
        p.AddWithValue("sev", logs.Select(l => l.SeverityNumber).ToArray());
        p.AddWithValue("st", NpgsqlDbType.Array | NpgsqlDbType.Text, logs.Select(l => l.SeverityText).ToArray());
        p.AddWithValue("en", NpgsqlDbType.Array | NpgsqlDbType.Text, logs.Select(l => l.EventName).ToArray());
        p.AddWithValue("b", NpgsqlDbType.Array | NpgsqlDbType.Text, logs.Select(l => l.BodyJson).ToArray());
        p.AddWithValue("a", logs.Select(l => l.AttributesJson).ToArray());
        p.AddWithValue("tid", NpgsqlDbType.Array | NpgsqlDbType.Bytea, logs.Select(l => (object?)l.TraceId ?? DBNull.Value).ToArray());
        p.AddWithValue("sid", NpgsqlDbType.Array | NpgsqlDbType.Bytea, logs.Select(l => (object?)l.SpanId ?? DBNull.Value).ToArray());
        p.AddWithValue("f", logs.Select(l => l.Flags).ToArray());
        p.AddWithValue("d", logs.Select(l => l.DroppedAttributesCount).ToArray());
        p.AddWithValue("iid", NpgsqlDbType.Array | NpgsqlDbType.Bigint, logs.Select(l => (object?)idOf(l.Identity) ?? DBNull.Value).ToArray());
        p.AddWithValue("sess", NpgsqlDbType.Array | NpgsqlDbType.Text, logs.Select(l => l.SessionId).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task WriteSpansAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long org, List<SpanRow> spans,
        Func<IdentityRef?, long?> idOf, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO otel_spans (organization_id, trace_id, span_id, start_at, payload_id, parent_span_id, trace_state, name, kind, end_at,
                duration_ns, status_code, status_message, attributes, events, links, resource_hash, scope_name, flags, identity_id, session_id)
            SELECT @org, t.tid, t.sid, t.sa, t.pl, t.pid, t.ts, t.n, t.k, t.ea, t.dn, t.sc, t.sm, t.a::jsonb, t.ev::jsonb, t.l::jsonb,
                   t.res, t.scope, t.f, t.iid, t.sess
            FROM unnest(@tid, @sid, @sa, @pl, @pid, @ts, @n, @k, @ea, @dn, @sc, @sm, @a, @ev, @l, @res, @scope, @f, @iid, @sess)
                 AS t(tid, sid, sa, pl, pid, ts, n, k, ea, dn, sc, sm, a, ev, l, res, scope, f, iid, sess)
            ON CONFLICT (organization_id, trace_id, span_id, start_at) DO NOTHING
            """, conn, tx);
        var p = cmd.Parameters;
        p.AddWithValue("org", org);
        p.AddWithValue("tid", spans.Select(s => s.TraceId).ToArray());
        p.AddWithValue("pl", spans.Select(s => s.PayloadId).ToArray());
        p.AddWithValue("sid", spans.Select(s => s.SpanId).ToArray());
        p.AddWithValue("sa", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, spans.Select(s => s.StartAt).ToArray());
        p.AddWithValue("pid", NpgsqlDbType.Array | NpgsqlDbType.Bytea, spans.Select(s => (object?)s.ParentSpanId ?? DBNull.Value).ToArray());
        p.AddWithValue("ts", NpgsqlDbType.Array | NpgsqlDbType.Text, spans.Select(s => s.TraceState).ToArray());
        p.AddWithValue("n", spans.Select(s => s.Name).ToArray());
        p.AddWithValue("k", spans.Select(s => s.Kind).ToArray());
        p.AddWithValue("ea", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, spans.Select(s => s.EndAt).ToArray());
        p.AddWithValue("dn", spans.Select(s => s.DurationNs).ToArray());
        p.AddWithValue("sc", spans.Select(s => s.StatusCode).ToArray());
        p.AddWithValue("sm", NpgsqlDbType.Array | NpgsqlDbType.Text, spans.Select(s => s.StatusMessage).ToArray());
        p.AddWithValue("a", spans.Select(s => s.AttributesJson).ToArray());
        p.AddWithValue("ev", spans.Select(s => s.EventsJson).ToArray());
        p.AddWithValue("l", spans.Select(s => s.LinksJson).ToArray());
        p.AddWithValue("res", spans.Select(s => s.ResourceHash).ToArray());
        p.AddWithValue("scope", spans.Select(s => s.ScopeName).ToArray());
        p.AddWithValue("f", spans.Select(s => s.Flags).ToArray());
        p.AddWithValue("iid", NpgsqlDbType.Array | NpgsqlDbType.Bigint, spans.Select(s => (object?)idOf(s.Identity) ?? DBNull.Value).ToArray());
        p.AddWithValue("sess", NpgsqlDbType.Array | NpgsqlDbType.Text, spans.Select(s => s.SessionId).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // ---------------------------------------------------------------- Claude Code events

    private static async Task WriteAiEventsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long org, List<AiEventRow> events,
        Func<IdentityRef?, long?> idOf, Rollup rollup, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("", conn, tx);
        // The column list is long: build it from one table so names and arrays cannot drift apart.
        var columns = new (string Name, NpgsqlDbType Type, Func<AiEventRow, object?> Get)[]
        {
            ("session_id", NpgsqlDbType.Text, e => e.SessionId),
            ("event_name", NpgsqlDbType.Text, e => e.EventName),
            ("event_sequence", NpgsqlDbType.Bigint, e => e.EventSequence),
            ("time_unix_nano", NpgsqlDbType.Bigint, e => e.TimeUnixNano),
            ("occurred_at", NpgsqlDbType.TimestampTz, e => e.OccurredAt),
            ("identity_id", NpgsqlDbType.Bigint, e => idOf(e.Identity)),
            ("prompt_id", NpgsqlDbType.Text, e => e.PromptId),
            ("prompt_length", NpgsqlDbType.Integer, e => e.PromptLength),
            ("command_name", NpgsqlDbType.Text, e => e.CommandName),
            ("command_source", NpgsqlDbType.Text, e => e.CommandSource),
            ("model", NpgsqlDbType.Text, e => e.Model),
            ("cost_usd", NpgsqlDbType.Numeric, e => e.CostUsd),
            ("duration_ms", NpgsqlDbType.Numeric, e => e.DurationMs),
            ("input_tokens", NpgsqlDbType.Bigint, e => e.InputTokens),
            ("output_tokens", NpgsqlDbType.Bigint, e => e.OutputTokens),
            ("cache_read_tokens", NpgsqlDbType.Bigint, e => e.CacheReadTokens),
            ("cache_creation_tokens", NpgsqlDbType.Bigint, e => e.CacheCreationTokens),
            ("request_id", NpgsqlDbType.Text, e => e.RequestId),
            ("speed", NpgsqlDbType.Text, e => e.Speed),
            ("effort", NpgsqlDbType.Text, e => e.Effort),
            ("query_source", NpgsqlDbType.Text, e => e.QuerySource),
            ("error", NpgsqlDbType.Text, e => e.Error),
            ("status_code", NpgsqlDbType.Text, e => e.StatusCode),
            ("attempt", NpgsqlDbType.Integer, e => e.Attempt),
            ("tool_name", NpgsqlDbType.Text, e => e.ToolName),
            ("tool_use_id", NpgsqlDbType.Text, e => e.ToolUseId),
            ("decision", NpgsqlDbType.Text, e => e.Decision),
            ("decision_source", NpgsqlDbType.Text, e => e.DecisionSource),
            ("success", NpgsqlDbType.Boolean, e => e.Success),
            ("error_type", NpgsqlDbType.Text, e => e.ErrorType),
            ("result_size_bytes", NpgsqlDbType.Bigint, e => e.ResultSizeBytes),
            ("git_commit_id", NpgsqlDbType.Text, e => e.GitCommitId),
            ("attributes", NpgsqlDbType.Jsonb, e => e.AttributesJson),
        };
        var names = string.Join(", ", columns.Select(c => c.Name));
        var unnestArgs = string.Join(", ", columns.Select((c, i) => c.Type == NpgsqlDbType.Jsonb ? $"@c{i}::jsonb[]" : $"@c{i}"));
        cmd.CommandText = $"""
            INSERT INTO ai_events (organization_id, source, {names})
            SELECT @org, 'claude_code', {names} FROM unnest({unnestArgs}) AS t({names})
            ON CONFLICT (organization_id, session_id, event_name, event_sequence, time_unix_nano) DO NOTHING
            RETURNING session_id, event_name, event_sequence, time_unix_nano
            """;
        cmd.Parameters.AddWithValue("org", org);
        for (var i = 0; i < columns.Length; i++)
        {
            var (_, type, get) = columns[i];
            var values = events.Select(e => get(e) ?? DBNull.Value).ToArray();
            cmd.Parameters.AddWithValue($"c{i}", NpgsqlDbType.Array | (type == NpgsqlDbType.Jsonb ? NpgsqlDbType.Text : type), values);
        }

        var inserted = new HashSet<(string, string, long, long)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                inserted.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        foreach (var e in events)
        {
            if (!inserted.Remove((e.SessionId, e.EventName, e.EventSequence, e.TimeUnixNano))) continue;
            var identityId = idOf(e.Identity) ?? 0;
            var day = DateOnly.FromDateTime(e.OccurredAt);
            var daily = rollup.Daily(day, identityId, e.Model ?? "");
            var session = e.SessionId.Length > 0 ? rollup.Session(e.SessionId) : null;
            switch (e.EventName)
            {
                case "claude_code.user_prompt":
                    daily.Add("prompts", 1);
                    session?.Add("prompts", 1);
                    break;
                case "claude_code.api_request":
                    daily.Add("api_requests", 1);
                    daily.Add("ev_tokens_input", e.InputTokens ?? 0);
                    daily.Add("ev_tokens_output", e.OutputTokens ?? 0);
                    daily.Add("ev_tokens_cache_read", e.CacheReadTokens ?? 0);
                    daily.Add("ev_tokens_cache_creation", e.CacheCreationTokens ?? 0);
                    daily.Add("ev_cost_usd", e.CostUsd ?? 0);
                    session?.Add("api_requests", 1);
                    break;
                case "claude_code.api_error":
                    daily.Add("api_errors", 1);
                    session?.Add("api_errors", 1);
                    break;
                case "claude_code.tool_decision":
                    var kind = ClaudeCode.DecisionKind(e.Decision, e.DecisionSource);
                    var toolDaily = rollup.Daily(day, identityId, "");
                    toolDaily.Add(kind switch { "auto" => "tool_decisions_auto", "user_accept" => "tool_accepts_user", "user_reject" => "tool_rejects_user", _ => "" }, 1);
                    if (ClaudeCode.IsEditTool(e.ToolName))
                        toolDaily.Add(kind switch { "auto" => "ev_edit_decisions_auto", "user_accept" => "ev_edit_accepts_user", "user_reject" => "ev_edit_rejects_user", _ => "" }, 1);
                    session?.Add("tool_decisions", 1);
                    break;
                case "claude_code.tool_result" when e.GitCommitId is not null:
                    rollup.CommitLinks[e.GitCommitId] = (idOf(e.Identity), e.SessionId.Length > 0 ? e.SessionId : null, e.OccurredAt);
                    break;
            }
        }
    }

    // ---------------------------------------------------------------- metrics

    private static async Task WriteMetricsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long org, NormalisedBatch batch,
        Func<IdentityRef?, long?> idOf, Rollup rollup, CancellationToken ct)
    {
        // 1. upsert the series in hash order; the upsert locks each row until commit and returns its cumulative state
        var series = batch.Series.Values.OrderBy(s => s.SeriesHash, ByteComparer.Instance).ToList();
        var lastPointAt = batch.Points.GroupBy(pt => Key(pt.Series)).ToDictionary(g => g.Key, g => g.Max(pt => pt.PointAt));
        var state = new Dictionary<string, SeriesState>();
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO otel_metric_series AS s (organization_id, series_hash, metric_name, description, unit, kind, temporality, is_monotonic,
                resource_hash, scope_name, attributes, identity_id, last_point_at)
            SELECT @org, t.h, t.n, t.d, t.u, t.k, t.tp, t.m, t.res, t.scope, t.a::jsonb, t.iid, t.lp
            FROM unnest(@h, @n, @d, @u, @k, @tp, @m, @res, @scope, @a, @iid, @lp) AS t(h, n, d, u, k, tp, m, res, scope, a, iid, lp)
            ORDER BY t.h
            ON CONFLICT (organization_id, series_hash) DO UPDATE SET
                last_point_at = greatest(s.last_point_at, excluded.last_point_at),
                identity_id   = coalesce(s.identity_id, excluded.identity_id)
            RETURNING s.series_hash, s.last_start_unix_nano, s.last_time_unix_nano, s.last_value, s.last_sum
            """, conn, tx))
        {
            var p = cmd.Parameters;
            p.AddWithValue("org", org);
            p.AddWithValue("h", series.Select(s => s.SeriesHash).ToArray());
            p.AddWithValue("n", series.Select(s => s.MetricName).ToArray());
            p.AddWithValue("d", NpgsqlDbType.Array | NpgsqlDbType.Text, series.Select(s => s.Description).ToArray());
            p.AddWithValue("u", NpgsqlDbType.Array | NpgsqlDbType.Text, series.Select(s => s.Unit).ToArray());
            p.AddWithValue("k", series.Select(s => s.Kind).ToArray());
            p.AddWithValue("tp", NpgsqlDbType.Array | NpgsqlDbType.Text, series.Select(s => s.Temporality).ToArray());
            p.AddWithValue("m", NpgsqlDbType.Array | NpgsqlDbType.Boolean, series.Select(s => (object?)s.IsMonotonic ?? DBNull.Value).ToArray());
            p.AddWithValue("res", series.Select(s => s.ResourceHash).ToArray());
            p.AddWithValue("scope", series.Select(s => s.ScopeName).ToArray());
            p.AddWithValue("a", series.Select(s => s.AttributesJson).ToArray());
            p.AddWithValue("iid", NpgsqlDbType.Array | NpgsqlDbType.Bigint, series.Select(s => (object?)idOf(s.Identity) ?? DBNull.Value).ToArray());
            p.AddWithValue("lp", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                series.Select(s => lastPointAt.TryGetValue(Key(s), out var at) ? (object)at : DBNull.Value).ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                state[Convert.ToHexString((byte[])reader[0])] = new SeriesState(
                    reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetDouble(4));
            }
        }

        // 2. increments (§6.3), point by point in time order within each series
        var changed = new HashSet<string>();
        foreach (var group in batch.Points.GroupBy(pt => Key(pt.Series)))
        {
            var s = batch.Series[group.Key];
            if (s.Kind is "gauge" or "summary") continue;
            var st = state[group.Key];
            foreach (var pt in group.OrderBy(pt => pt.TimeUnixNano))
            {
                var value = s.Kind == "sum" ? pt.Value : pt.Count;
                var sum = s.Kind == "sum" ? null : pt.Sum;
                if (value is null && sum is null) continue;
                if (s.Temporality == "delta")
                {
                    pt.Increment = value;
                    pt.SumIncrement = sum;
                    continue;
                }
                if (st.LastTime is { } lastTime && pt.TimeUnixNano <= lastTime)
                {
                    pt.Increment = value is null ? null : 0;
                    pt.SumIncrement = sum is null ? null : 0;
                    continue;
                }
                var restarted = st.LastTime is null || st.LastStart != pt.StartTimeUnixNano
                                || (value is { } v1 && st.LastValue is { } lv && v1 < lv)
                                || (sum is { } s1 && st.LastSum is { } ls && s.Kind != "sum" && s1 < ls && value is null);
                pt.Increment = value is { } v ? restarted || st.LastValue is null ? v : v - st.LastValue.Value : null;
                pt.SumIncrement = sum is { } sm ? restarted || st.LastSum is null ? sm : sm - st.LastSum.Value : null;
                st = new SeriesState(pt.StartTimeUnixNano, pt.TimeUnixNano, value ?? st.LastValue, sum ?? st.LastSum);
                changed.Add(group.Key);
            }
            state[group.Key] = st;
        }

        // 3. points; only the ones actually inserted yield facts
        var points = batch.Points;
        var inserted = new HashSet<(string, long, long)>();
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO otel_metric_points (organization_id, series_hash, start_time_unix_nano, time_unix_nano, point_at, payload_id, value,
                increment, count, sum, sum_increment, min, max, bucket_counts, explicit_bounds, scale, zero_count, zero_threshold,
                positive_offset, positive_counts, negative_offset, negative_counts, quantiles, flags, exemplars)
            SELECT @org, t.h, t.st, t.tn, t.pa, t.pl, t.v, t.inc, t.c, t.s, t.sinc, t.mn, t.mx, t.bc::bigint[], t.eb::float8[], t.sc,
                   t.zc, t.zt, t.po, t.pc::bigint[], t.no, t.nc::bigint[], t.q::jsonb, t.f, t.ex::jsonb
            FROM unnest(@h, @st, @tn, @pa, @pl, @v, @inc, @c, @s, @sinc, @mn, @mx, @bc, @eb, @sc, @zc, @zt, @po, @pc, @no, @nc, @q, @f, @ex)
                 AS t(h, st, tn, pa, pl, v, inc, c, s, sinc, mn, mx, bc, eb, sc, zc, zt, po, pc, no, nc, q, f, ex)
            ON CONFLICT (organization_id, series_hash, start_time_unix_nano, time_unix_nano, point_at) DO NOTHING
            RETURNING series_hash, start_time_unix_nano, time_unix_nano
            """, conn, tx))
        {
            var p = cmd.Parameters;
            p.AddWithValue("org", org);
            p.AddWithValue("pl", points.Select(x => x.PayloadId).ToArray());
            p.AddWithValue("h", points.Select(x => x.Series.SeriesHash).ToArray());
            p.AddWithValue("st", points.Select(x => x.StartTimeUnixNano).ToArray());
            p.AddWithValue("tn", points.Select(x => x.TimeUnixNano).ToArray());
            p.AddWithValue("pa", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, points.Select(x => x.PointAt).ToArray());
            AddNullable(p, "v", NpgsqlDbType.Double, points, x => x.Value);
            AddNullable(p, "inc", NpgsqlDbType.Double, points, x => x.Increment);
            AddNullable(p, "c", NpgsqlDbType.Bigint, points, x => x.Count);
            AddNullable(p, "s", NpgsqlDbType.Double, points, x => x.Sum is { } d && double.IsFinite(d) ? (double?)d : null);
            AddNullable(p, "sinc", NpgsqlDbType.Double, points, x => x.SumIncrement is { } d && double.IsFinite(d) ? (double?)d : null);
            AddNullable(p, "mn", NpgsqlDbType.Double, points, x => x.Min is { } d && double.IsFinite(d) ? (double?)d : null);
            AddNullable(p, "mx", NpgsqlDbType.Double, points, x => x.Max is { } d && double.IsFinite(d) ? (double?)d : null);
            AddNullable(p, "bc", NpgsqlDbType.Text, points, x => ArrayLiteral(x.BucketCounts));
            AddNullable(p, "eb", NpgsqlDbType.Text, points, x => ArrayLiteral(x.ExplicitBounds));
            AddNullable(p, "sc", NpgsqlDbType.Integer, points, x => x.Scale);
            AddNullable(p, "zc", NpgsqlDbType.Bigint, points, x => x.ZeroCount);
            AddNullable(p, "zt", NpgsqlDbType.Double, points, x => x.ZeroThreshold);
            AddNullable(p, "po", NpgsqlDbType.Integer, points, x => x.PositiveOffset);
            AddNullable(p, "pc", NpgsqlDbType.Text, points, x => ArrayLiteral(x.PositiveCounts));
            AddNullable(p, "no", NpgsqlDbType.Integer, points, x => x.NegativeOffset);
            AddNullable(p, "nc", NpgsqlDbType.Text, points, x => ArrayLiteral(x.NegativeCounts));
            AddNullable(p, "q", NpgsqlDbType.Text, points, x => x.QuantilesJson);
            p.AddWithValue("f", points.Select(x => x.Flags).ToArray());
            AddNullable(p, "ex", NpgsqlDbType.Text, points, x => x.ExemplarsJson);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                inserted.Add((Convert.ToHexString((byte[])reader[0]), reader.GetInt64(1), reader.GetInt64(2)));
        }

        // 4. the new cumulative state
        if (changed.Count > 0)
        {
            var rows = changed.Order(StringComparer.Ordinal).ToList();
            await using var cmd = new NpgsqlCommand("""
                UPDATE otel_metric_series s
                SET last_start_unix_nano = t.ls, last_time_unix_nano = t.lt, last_value = t.lv, last_sum = t.lsum
                FROM unnest(@h, @ls, @lt, @lv, @lsum) AS t(h, ls, lt, lv, lsum)
                WHERE s.organization_id = @org AND s.series_hash = t.h
                """, conn, tx);
            cmd.Parameters.AddWithValue("org", org);
            cmd.Parameters.AddWithValue("h", rows.Select(Convert.FromHexString).ToArray());
            AddNullable(cmd.Parameters, "ls", NpgsqlDbType.Bigint, rows, s => state[s].LastStart);
            AddNullable(cmd.Parameters, "lt", NpgsqlDbType.Bigint, rows, s => state[s].LastTime);
            AddNullable(cmd.Parameters, "lv", NpgsqlDbType.Double, rows, s => state[s].LastValue);
            AddNullable(cmd.Parameters, "lsum", NpgsqlDbType.Double, rows, s => state[s].LastSum);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        // 5. Claude Code facts from the inserted points with a non-zero increment
        // An increment no numeric total can hold (non-finite, or beyond MaxQuantity) keeps its point but yields no fact (ADR 0050).
        var facts = points.Where(x => x.Fact is not null && Quantity(x.Increment) is { } q && q != 0
                                      && inserted.Remove((Key(x.Series), x.StartTimeUnixNano, x.TimeUnixNano)))
            .ToList();
        if (facts.Count == 0) return;
        var keys = facts.Select(FactKey).ToArray();
        var insertedFacts = new HashSet<string>();
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO ai_usage_facts (organization_id, dedup_key, source, fact_type, occurred_at, window_start, session_id, identity_id,
                model, token_type, tool_name, decision, decision_source, language, query_source, agent_name, skill_name, plugin_name,
                mcp_server_name, start_type, quantity)
            SELECT @org, t.* FROM unnest(@k, @src, @ft, @oa, @ws, @sess, @iid, @model, @tt, @tool, @dec, @ds, @lang, @qs, @agent, @skill,
                                         @plugin, @mcp, @stype, @q)
                 AS t(k, src, ft, oa, ws, sess, iid, model, tt, tool, dec, ds, lang, qs, agent, skill, plugin, mcp, stype, q)
            ON CONFLICT (organization_id, dedup_key) DO NOTHING
            RETURNING dedup_key
            """, conn, tx))
        {
            var p = cmd.Parameters;
            p.AddWithValue("org", org);
            p.AddWithValue("k", keys);
            p.AddWithValue("src", facts.Select(_ => ClaudeCode.Source).ToArray());
            p.AddWithValue("ft", facts.Select(x => x.Fact!.FactType).ToArray());
            p.AddWithValue("oa", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, facts.Select(x => x.PointAt).ToArray());
            AddNullable(p, "ws", NpgsqlDbType.TimestampTz, facts, x => x.StartTimeUnixNano > 0 ? Otlp.ToUtc((ulong)x.StartTimeUnixNano) : (DateTime?)null);
            AddNullable(p, "sess", NpgsqlDbType.Text, facts, x => x.Fact!.SessionId);
            AddNullable(p, "iid", NpgsqlDbType.Bigint, facts, x => idOf(x.Fact!.Identity));
            AddNullable(p, "model", NpgsqlDbType.Text, facts, x => x.Fact!.Model);
            AddNullable(p, "tt", NpgsqlDbType.Text, facts, x => x.Fact!.TokenType);
            AddNullable(p, "tool", NpgsqlDbType.Text, facts, x => x.Fact!.ToolName);
            AddNullable(p, "dec", NpgsqlDbType.Text, facts, x => x.Fact!.Decision);
            AddNullable(p, "ds", NpgsqlDbType.Text, facts, x => x.Fact!.DecisionSource);
            AddNullable(p, "lang", NpgsqlDbType.Text, facts, x => x.Fact!.Language);
            AddNullable(p, "qs", NpgsqlDbType.Text, facts, x => x.Fact!.QuerySource);
            AddNullable(p, "agent", NpgsqlDbType.Text, facts, x => x.Fact!.AgentName);
            AddNullable(p, "skill", NpgsqlDbType.Text, facts, x => x.Fact!.SkillName);
            AddNullable(p, "plugin", NpgsqlDbType.Text, facts, x => x.Fact!.PluginName);
            AddNullable(p, "mcp", NpgsqlDbType.Text, facts, x => x.Fact!.McpServerName);
            AddNullable(p, "stype", NpgsqlDbType.Text, facts, x => x.Fact!.StartType);
            p.AddWithValue("q", NpgsqlDbType.Array | NpgsqlDbType.Numeric, facts.Select(x => Quantity(x.Increment)!.Value).ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) insertedFacts.Add(Convert.ToHexString((byte[])reader[0]));
        }

        for (var i = 0; i < facts.Count; i++)
        {
            if (!insertedFacts.Remove(Convert.ToHexString(keys[i]))) continue;
            var x = facts[i];
            var f = x.Fact!;
            var quantity = Quantity(x.Increment)!.Value;
            var day = DateOnly.FromDateTime(x.PointAt);
            var identityId = idOf(f.Identity) ?? 0;
            var modelKeyed = f.FactType is "tokens_input" or "tokens_output" or "tokens_cache_read" or "tokens_cache_creation" or "cost_usd"
                or "lines_added" or "lines_removed";
            var daily = rollup.Daily(day, identityId, modelKeyed ? f.Model ?? "" : "");
            daily.HasMetrics = true;
            var session = f.SessionId is { } sid ? rollup.Session(sid) : null;
            switch (f.FactType)
            {
                case "session_started":
                    if (f.StartType != "agents_view") daily.Add("sessions", quantity);
                    if (session is not null) session.StartType ??= f.StartType;
                    break;
                case "edit_decision":
                    var kind = ClaudeCode.DecisionKind(f.Decision, f.DecisionSource);
                    daily.Add(kind switch { "auto" => "edit_decisions_auto", "user_accept" => "edit_accepts_user", "user_reject" => "edit_rejects_user", _ => "" }, quantity);
                    session?.Add("edit_decisions", quantity);
                    break;
                default:
                    daily.Add(f.FactType, quantity);
                    session?.Add(f.FactType, quantity);
                    break;
            }
        }
    }

    private static string Key(SeriesRow s) => Convert.ToHexString(s.SeriesHash);

    /// <summary>
    /// The largest quantity or total a fact or roll-up carries: every reader maps these numeric columns to .NET decimal
    /// (at most ~7.92e28), so a value beyond it is skipped rather than stored where no reader could read it back.
    /// </summary>
    internal const decimal MaxQuantity = 79_000_000_000_000_000_000_000_000_000m;
    private const string MaxQuantitySql = "79000000000000000000000000000";

    private static decimal? Quantity(double? increment) =>
        increment is { } d && double.IsFinite(d) && Math.Abs(d) <= (double)MaxQuantity ? (decimal)d : null;

    private static byte[] FactKey(PointRow x)
    {
        using var hash = Hashing.Start();
        hash.AppendData(x.Series.SeriesHash);
        Hashing.Add(hash, x.StartTimeUnixNano);
        Hashing.Add(hash, x.TimeUnixNano);
        Hashing.Add(hash, x.Fact!.FactType);
        return Hashing.Finish(hash);
    }

    // ---------------------------------------------------------------- roll-ups

    private static readonly string[] DailyColumns =
    [
        "sessions", "prompts", "api_requests", "api_errors", "tokens_input", "tokens_output", "tokens_cache_read", "tokens_cache_creation",
        "cost_usd", "lines_added", "lines_removed", "commits", "pull_requests", "edit_accepts_user", "edit_rejects_user",
        "edit_decisions_auto", "tool_accepts_user", "tool_rejects_user", "tool_decisions_auto", "ev_edit_accepts_user",
        "ev_edit_rejects_user", "ev_edit_decisions_auto", "active_seconds_user", "active_seconds_cli", "ev_tokens_input",
        "ev_tokens_output", "ev_tokens_cache_read", "ev_tokens_cache_creation", "ev_cost_usd",
    ];

    private static readonly string[] SessionColumns =
    [
        "prompts", "api_requests", "api_errors", "tokens_input", "tokens_output", "tokens_cache_read", "tokens_cache_creation", "cost_usd",
        "lines_added", "lines_removed", "commits", "pull_requests", "edit_decisions", "tool_decisions", "active_seconds_user",
        "active_seconds_cli",
    ];

    private static readonly string DailySql = $"""
        INSERT INTO ai_usage_daily AS d (organization_id, day, identity_id, source, model, {string.Join(", ", DailyColumns)}, has_metrics)
        SELECT @org, r.day, r.identity_id, 'claude_code', r.model, {string.Join(", ", DailyColumns.Select(c => $"coalesce(r.{c}, 0)"))},
               coalesce(r.has_metrics, false)
        FROM jsonb_to_recordset(@rows::jsonb) AS r(day date, identity_id bigint, model text,
             {string.Join(", ", DailyColumns.Select(c => $"{c} numeric"))}, has_metrics boolean)
        ORDER BY r.day, r.identity_id, r.model
        ON CONFLICT (organization_id, day, identity_id, source, model) DO UPDATE SET
            {string.Join(", ", DailyColumns.Select(c => $"{c} = {BoundedSum("d", c)}"))},
            has_metrics = d.has_metrics OR excluded.has_metrics
        """;

    private static readonly string SessionSql = $"""
        INSERT INTO ai_sessions AS s (organization_id, source, session_id, identity_id, start_type, terminal_type, app_version, os_type,
            models, first_seen_at, last_seen_at, {string.Join(", ", SessionColumns)})
        SELECT @org, 'claude_code', r.session_id, r.identity_id, r.start_type, r.terminal_type, r.app_version, r.os_type,
               coalesce(r.models, ARRAY[]::text[]), r.first_seen_at, r.last_seen_at, {string.Join(", ", SessionColumns.Select(c => $"coalesce(r.{c}, 0)"))}
        FROM jsonb_to_recordset(@rows::jsonb) AS r(session_id text, identity_id bigint, start_type text, terminal_type text,
             app_version text, os_type text, models text[], first_seen_at timestamptz, last_seen_at timestamptz,
             {string.Join(", ", SessionColumns.Select(c => $"{c} numeric"))})
        ORDER BY r.session_id
        ON CONFLICT (organization_id, source, session_id) DO UPDATE SET
            identity_id   = coalesce(s.identity_id, excluded.identity_id),
            start_type    = coalesce(s.start_type, excluded.start_type),
            terminal_type = coalesce(s.terminal_type, excluded.terminal_type),
            app_version   = coalesce(excluded.app_version, s.app_version),
            os_type       = coalesce(s.os_type, excluded.os_type),
            models        = ARRAY(SELECT DISTINCT m FROM unnest(s.models || excluded.models) AS m ORDER BY m),
            first_seen_at = least(s.first_seen_at, excluded.first_seen_at),
            last_seen_at  = greatest(s.last_seen_at, excluded.last_seen_at),
            {string.Join(", ", SessionColumns.Select(c => $"{c} = {BoundedSum("s", c)}"))}
        """;

    /// <summary>The stored total plus the new one, or the stored total alone when the sum would pass <see cref="MaxQuantity"/>.</summary>
    private static string BoundedSum(string alias, string column) =>
        $"CASE WHEN abs({alias}.{column} + excluded.{column}) <= {MaxQuantitySql} THEN {alias}.{column} + excluded.{column} ELSE {alias}.{column} END";

    private static async Task WriteRollupsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long org, NormalisedBatch batch, Rollup rollup,
        Func<IdentityRef?, long?> idOf, CancellationToken ct)
    {
        if (rollup.CommitLinks.Count > 0)
        {
            var links = rollup.CommitLinks.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO ai_commit_links (organization_id, sha, identity_id, session_id, occurred_at)
                SELECT @org, t.sha, t.iid, t.sess, t.oa FROM unnest(@sha, @iid, @sess, @oa) AS t(sha, iid, sess, oa)
                ON CONFLICT (organization_id, sha) DO NOTHING
                """, conn, tx);
            cmd.Parameters.AddWithValue("org", org);
            cmd.Parameters.AddWithValue("sha", links.Select(l => l.Key).ToArray());
            AddNullable(cmd.Parameters, "iid", NpgsqlDbType.Bigint, links, l => l.Value.IdentityId);
            AddNullable(cmd.Parameters, "sess", NpgsqlDbType.Text, links, l => l.Value.SessionId);
            cmd.Parameters.AddWithValue("oa", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, links.Select(l => l.Value.At).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }

        var dailyRows = rollup.DailyRows.Where(kv => kv.Value.Values.Count > 0 || kv.Value.HasMetrics).ToList();
        if (dailyRows.Count > 0)
        {
            var json = JsonSerializer.Serialize(dailyRows.Select(kv =>
            {
                var row = new Dictionary<string, object?>(kv.Value.Values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)))
                {
                    ["day"] = kv.Key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["identity_id"] = kv.Key.IdentityId,
                    ["model"] = kv.Key.Model,
                    ["has_metrics"] = kv.Value.HasMetrics,
                };
                return row;
            }));
            await using var cmd = new NpgsqlCommand(DailySql, conn, tx);
            cmd.Parameters.AddWithValue("org", org);
            cmd.Parameters.AddWithValue("rows", json);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        if (batch.Sessions.Count > 0)
        {
            var json = JsonSerializer.Serialize(batch.Sessions.Values.OrderBy(s => s.SessionId, StringComparer.Ordinal).Select(s =>
            {
                var counters = rollup.Sessions.GetValueOrDefault(s.SessionId);
                var row = new Dictionary<string, object?>(counters?.Values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)) ?? [])
                {
                    ["session_id"] = s.SessionId,
                    ["identity_id"] = idOf(s.Identity),
                    ["start_type"] = counters?.StartType ?? s.StartType,
                    ["terminal_type"] = s.TerminalType,
                    ["app_version"] = s.AppVersion,
                    ["os_type"] = s.OsType,
                    ["models"] = s.Models.ToArray(),
                    ["first_seen_at"] = s.FirstSeen,
                    ["last_seen_at"] = s.LastSeen,
                };
                return row;
            }));
            await using var cmd = new NpgsqlCommand(SessionSql, conn, tx);
            cmd.Parameters.AddWithValue("org", org);
            cmd.Parameters.AddWithValue("rows", json);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void AddNullable<TRow, TValue>(NpgsqlParameterCollection p, string name, NpgsqlDbType type, IReadOnlyList<TRow> rows, Func<TRow, TValue?> get)
        where TValue : struct =>
        p.AddWithValue(name, NpgsqlDbType.Array | type, rows.Select(r => get(r) is { } v ? (object)v : DBNull.Value).ToArray());

    private static void AddNullable<TRow>(NpgsqlParameterCollection p, string name, NpgsqlDbType type, IReadOnlyList<TRow> rows, Func<TRow, string?> get) =>
        p.AddWithValue(name, NpgsqlDbType.Array | type, rows.Select(r => (object?)get(r) ?? DBNull.Value).ToArray());

    private static string? ArrayLiteral(long[]? values) =>
        values is null ? null : "{" + string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "}";

    private static string? ArrayLiteral(double[]? values) =>
        values is null ? null : "{" + string.Join(",", values.Select(v =>
            double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "Infinity" : double.IsNegativeInfinity(v) ? "-Infinity"
            : v.ToString("R", CultureInfo.InvariantCulture))) + "}";

    private sealed record SeriesState(long? LastStart, long? LastTime, double? LastValue, double? LastSum);

    private sealed class Counters
    {
        public Dictionary<string, decimal> Values { get; } = [];
        public bool HasMetrics { get; set; }
        public string? StartType { get; set; }

        public void Add(string column, decimal amount)
        {
            if (column.Length == 0 || amount == 0) return;
            var total = Values.GetValueOrDefault(column);
            // an addend that would carry the total past MaxQuantity is skipped (never an OverflowException that stalls the queue)
            if (amount > 0 ? total > MaxQuantity - amount : total < -MaxQuantity - amount) return;
            Values[column] = total + amount;
        }
    }

    private sealed class Rollup
    {
        public Dictionary<(DateOnly Day, long IdentityId, string Model), Counters> DailyRows { get; } = [];
        public Dictionary<string, Counters> Sessions { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, (long? IdentityId, string? SessionId, DateTime At)> CommitLinks { get; } = new(StringComparer.Ordinal);

        public Counters Daily(DateOnly day, long identityId, string model)
        {
            if (!DailyRows.TryGetValue((day, identityId, model), out var c)) DailyRows[(day, identityId, model)] = c = new Counters();
            return c;
        }

        public Counters Session(string sessionId)
        {
            if (!Sessions.TryGetValue(sessionId, out var c)) Sessions[sessionId] = c = new Counters();
            return c;
        }
    }

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
