using System.Text;
using Leanmote.Infrastructure.Telemetry.Normalisation;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Trace;
using NUnit.Framework;
using static Leanmote.IntegrationTests.Fixtures.ClaudeCodeFixtures;

namespace Leanmote.IntegrationTests.Infrastructure.Telemetry;

/// <summary>The normalizer over real PostgreSQL (otel.md §6, §7): facts appear, duplicates and retries never count twice.</summary>
public sealed class NormaliserTests : TelemetryDatabaseTest
{
    private static readonly DateTime Day = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private sealed record DailyRow(long IdentityId, string Model, decimal Sessions, long Prompts, long ApiRequests, long ApiErrors, decimal TokensInput,
        decimal TokensOutput, decimal TokensCacheRead, decimal CostUsd, decimal LinesAdded, decimal LinesRemoved, decimal Commits,
        decimal EditAcceptsUser, decimal EditRejectsUser, decimal EditDecisionsAuto, long ToolAcceptsUser, long ToolDecisionsAuto,
        long EvEditAcceptsUser, decimal ActiveSecondsUser, decimal ActiveSecondsCli, decimal EvTokensInput, decimal EvCostUsd, bool HasMetrics);

    private Task<List<DailyRow>> DailyAsync(Tenant t) => QueryAsync<DailyRow>("""
        SELECT identity_id, model, sessions, prompts, api_requests, api_errors, tokens_input, tokens_output, tokens_cache_read, cost_usd,
               lines_added, lines_removed, commits, edit_accepts_user, edit_rejects_user, edit_decisions_auto, tool_accepts_user,
               tool_decisions_auto, ev_edit_accepts_user, active_seconds_user, active_seconds_cli, ev_tokens_input, ev_cost_usd, has_metrics
        FROM ai_usage_daily WHERE organization_id = @Org ORDER BY model
        """, new { Org = t.OrganizationId });

    private static ExportMetricsServiceRequestBuilder DeltaUsage(Developer dev, DateTime start) => new(Metrics(dev, AggregationTemporality.Delta,
        new Point("claude_code.session.count", 1, start, start.AddMinutes(1), ("start_type", "fresh")),
        new Point("claude_code.token.usage", 1532, start, start.AddMinutes(1), ("type", "input"), ("model", "claude-sonnet-4-5")),
        new Point("claude_code.token.usage", 210, start, start.AddMinutes(1), ("type", "output"), ("model", "claude-sonnet-4-5")),
        new Point("claude_code.token.usage", 9000, start, start.AddMinutes(1), ("type", "cacheRead"), ("model", "claude-sonnet-4-5")),
        new Point("claude_code.cost.usage", 0.0123, start, start.AddMinutes(1), ("model", "claude-sonnet-4-5")),
        new Point("claude_code.lines_of_code.count", 40, start, start.AddMinutes(1), ("type", "added"), ("model", "claude-sonnet-4-5")),
        new Point("claude_code.lines_of_code.count", 7, start, start.AddMinutes(1), ("type", "removed"), ("model", "claude-sonnet-4-5")),
        new Point("claude_code.commit.count", 1, start, start.AddMinutes(1)),
        new Point("claude_code.code_edit_tool.decision", 3, start, start.AddMinutes(1), ("tool_name", "Edit"), ("decision", "accept"), ("source", "user_temporary"), ("language", "C#")),
        new Point("claude_code.code_edit_tool.decision", 1, start, start.AddMinutes(1), ("tool_name", "Write"), ("decision", "reject"), ("source", "user_reject"), ("language", "C#")),
        new Point("claude_code.code_edit_tool.decision", 2, start, start.AddMinutes(1), ("tool_name", "Edit"), ("decision", "accept"), ("source", "config"), ("language", "C#")),
        new Point("claude_code.active_time.total", 95.5, start, start.AddMinutes(1), ("type", "user")),
        new Point("claude_code.active_time.total", 30, start, start.AddMinutes(1), ("type", "cli"))));

    private sealed record ExportMetricsServiceRequestBuilder(Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics.ExportMetricsServiceRequest Request);

    [Test]
    public async Task Delta_metrics_become_usage_facts_and_daily_totals()
    {
        var t = await NewTenantAsync();
        var dev = new Developer("sess-1", AccountUuid: "acct-1", Email: "dev@example.com");
        var id = await StoreAsync(t, "metrics", DeltaUsage(dev, Day).Request);

        Assert.That(await NormaliseAllAsync(), Is.EqualTo(1));

        Assert.That(await ScalarAsync<string>("SELECT status FROM otel_raw_payloads WHERE id = @Id", new { Id = id }), Is.EqualTo("normalized"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM ai_usage_facts WHERE organization_id = @Org", new { Org = t.OrganizationId }), Is.EqualTo(13));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM otel_metric_points WHERE organization_id = @Org", new { Org = t.OrganizationId }), Is.EqualTo(13));
        var daily = await DailyAsync(t);
        var model = daily.Single(d => d.Model == "claude-sonnet-4-5");
        var modelless = daily.Single(d => d.Model == "");
        Assert.Multiple(() =>
        {
            Assert.That(model.TokensInput, Is.EqualTo(1532m));
            Assert.That(model.TokensOutput, Is.EqualTo(210m));
            Assert.That(model.TokensCacheRead, Is.EqualTo(9000m));
            Assert.That(model.CostUsd, Is.EqualTo(0.0123m));
            Assert.That(model.LinesAdded, Is.EqualTo(40m));
            Assert.That(model.LinesRemoved, Is.EqualTo(7m));
            Assert.That(model.HasMetrics, Is.True);
            Assert.That(modelless.Sessions, Is.EqualTo(1m));
            Assert.That(modelless.Commits, Is.EqualTo(1m));
            Assert.That(modelless.EditAcceptsUser, Is.EqualTo(3m));
            Assert.That(modelless.EditRejectsUser, Is.EqualTo(1m));
            Assert.That(modelless.EditDecisionsAuto, Is.EqualTo(2m));
            Assert.That(modelless.ActiveSecondsUser, Is.EqualTo(95.5m));
            Assert.That(modelless.ActiveSecondsCli, Is.EqualTo(30m));
            Assert.That(model.IdentityId, Is.Not.Zero);
        });
        var session = await QueryAsync<(decimal TokensInput, decimal CostUsd, string StartType, string TerminalType)>(
            "SELECT tokens_input, cost_usd, start_type, terminal_type FROM ai_sessions WHERE organization_id = @Org AND session_id = 'sess-1'",
            new { Org = t.OrganizationId });
        Assert.That(session.Single(), Is.EqualTo((1532m, 0.0123m, "fresh", "vscode")));
    }

    [Test]
    public async Task The_same_payload_stored_twice_and_normalized_twice_counts_once()
    {
        var t = await NewTenantAsync();
        var dev = new Developer("sess-dup", Email: "dup@example.com");
        var request = DeltaUsage(dev, Day).Request;
        await StoreAsync(t, "metrics", request);
        await StoreAsync(t, "metrics", request);   // a client retry that reached us twice (digest window passed)
        await StoreAsync(t, "logs", TypicalSessionEvents(dev, Day));
        await StoreAsync(t, "logs", TypicalSessionEvents(dev, Day));

        Assert.That(await NormaliseAllAsync(), Is.EqualTo(4));
        // re-running normalization over the raw payloads (§7.1) must reproduce, not add
        await ExecAsync("UPDATE otel_raw_payloads SET status = 'pending' WHERE organization_id = @Org", new { Org = t.OrganizationId });
        Assert.That(await NormaliseAllAsync(), Is.EqualTo(4));

        var daily = await DailyAsync(t);
        var model = daily.Single(d => d.Model == "claude-sonnet-4-5");
        Assert.Multiple(() =>
        {
            Assert.That(model.TokensInput, Is.EqualTo(1532m));
            Assert.That(model.CostUsd, Is.EqualTo(0.0123m));
            Assert.That(model.ApiRequests, Is.EqualTo(1));
            Assert.That(model.EvTokensInput, Is.EqualTo(1532m));
            Assert.That(model.ApiErrors, Is.EqualTo(1));
            Assert.That(daily.Single(d => d.Model == "").Prompts, Is.EqualTo(1));
            Assert.That(daily.Single(d => d.Model == "").Sessions, Is.EqualTo(1m));
        });
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM ai_events WHERE organization_id = @Org", new { Org = t.OrganizationId }), Is.EqualTo(6));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM otel_log_records WHERE organization_id = @Org", new { Org = t.OrganizationId }), Is.EqualTo(6));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM ai_usage_facts WHERE organization_id = @Org", new { Org = t.OrganizationId }), Is.EqualTo(13));
        Assert.That(await ScalarAsync<long>("SELECT prompts FROM ai_sessions WHERE organization_id = @Org", new { Org = t.OrganizationId }), Is.EqualTo(1));
    }

    [Test]
    public async Task Events_overlapping_across_batches_count_once()
    {
        var t = await NewTenantAsync();
        var dev = new Developer("sess-overlap", Email: "overlap@example.com");
        var first = Events(dev, new Event("user_prompt", Day, 1, ("prompt_length", "5")), new Event("user_prompt", Day.AddSeconds(5), 2, ("prompt_length", "6")));
        var second = Events(dev, new Event("user_prompt", Day.AddSeconds(5), 2, ("prompt_length", "6")), new Event("user_prompt", Day.AddSeconds(9), 3, ("prompt_length", "7")));
        await StoreAsync(t, "logs", first);
        await StoreAsync(t, "logs", second);
        await NormaliseAllAsync();

        Assert.That((await DailyAsync(t)).Single().Prompts, Is.EqualTo(3));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM otel_log_records WHERE organization_id = @Org", new { Org = t.OrganizationId }), Is.EqualTo(3));
    }

    [Test]
    public async Task Cumulative_sums_become_increments_with_reset_and_late_point_handling()
    {
        var t = await NewTenantAsync();
        var dev = new Developer("sess-cum", Email: "cum@example.com");
        var start = Day;
        // each export is normalized before the next arrives, so "late" means late in arrival order
        async Task Send(double value, DateTime s, DateTime time)
        {
            await StoreAsync(t, "metrics",
                Metrics(dev, AggregationTemporality.Cumulative, new Point("claude_code.token.usage", value, s, time, ("type", "input"), ("model", "m1"))));
            await NormaliseAllAsync();
        }

        await Send(100, start, start.AddMinutes(1));          // first point: full value
        await Send(150, start, start.AddMinutes(2));          // +50
        await Send(150, start, start.AddMinutes(2));          // exact duplicate: no point, no increment
        await Send(130, start, start.AddMinutes(1.5));        // late point: stored, contributes nothing
        await Send(20, start.AddMinutes(3), start.AddMinutes(4));  // restart (new start time): +20
        await Send(10, start.AddMinutes(3), start.AddMinutes(5));  // value went down: reset, +10

        var increments = await QueryAsync<double>("""
            SELECT increment FROM otel_metric_points WHERE organization_id = @Org ORDER BY time_unix_nano
            """, new { Org = t.OrganizationId });
        Assert.That(increments, Is.EqualTo(new[] { 100d, 0d, 50d, 20d, 10d }));
        var daily = (await DailyAsync(t)).Single(d => d.Model == "m1");
        Assert.That(daily.TokensInput, Is.EqualTo(180m));
    }

    [Test]
    public async Task Points_of_one_series_arriving_together_are_taken_in_time_order_and_duplicates_count_once()
    {
        var t = await NewTenantAsync();
        var dev = new Developer("sess-together", Email: "together@example.com");
        Task Send(double value, DateTime time) => StoreAsync(t, "metrics",
            Metrics(dev, AggregationTemporality.Cumulative, new Point("claude_code.cost.usage", value, Day, time, ("model", "m2"))));
        await Send(3, Day.AddMinutes(3));
        await Send(1, Day.AddMinutes(1));
        await Send(3, Day.AddMinutes(3));   // the same point again, in the same claim
        await Send(2, Day.AddMinutes(2));
        var delta = Metrics(dev, AggregationTemporality.Delta, new Point("claude_code.commit.count", 1, Day, Day.AddMinutes(1)));
        await StoreAsync(t, "metrics", delta);
        await StoreAsync(t, "metrics", delta);
        await NormaliseAllAsync();

        var increments = await QueryAsync<double>(
            "SELECT increment FROM otel_metric_points WHERE organization_id = @Org AND increment IS NOT NULL ORDER BY series_hash, time_unix_nano",
            new { Org = t.OrganizationId });
        Assert.That(increments.Sum(), Is.EqualTo(4d));
        var daily = await DailyAsync(t);
        Assert.That(daily.Single(d => d.Model == "m2").CostUsd, Is.EqualTo(3m));
        Assert.That(daily.Single(d => d.Model == "").Commits, Is.EqualTo(1m));
    }

    [Test]
    public async Task Claude_events_keep_typed_columns_drop_content_and_link_commits()
    {
        var t = await NewTenantAsync();
        var dev = new Developer("sess-ev", AccountUuid: "acct-ev", Email: "Ev@Example.com");
        await StoreAsync(t, "logs", TypicalSessionEvents(dev, Day));
        await NormaliseAllAsync();

        var api = await QueryAsync<(string Model, decimal CostUsd, long InputTokens, decimal DurationMs)>(
            "SELECT model, cost_usd, input_tokens, duration_ms FROM ai_events WHERE organization_id = @Org AND event_name = 'claude_code.api_request'",
            new { Org = t.OrganizationId });
        Assert.That(api.Single(), Is.EqualTo(("claude-sonnet-4-5", 0.0123m, 1532L, 842m)));

        var stored = await QueryAsync<string>("SELECT attributes::text FROM otel_log_records WHERE organization_id = @Org", new { Org = t.OrganizationId });
        var events = await QueryAsync<string>("SELECT attributes::text FROM ai_events WHERE organization_id = @Org", new { Org = t.OrganizationId });
        Assert.That(stored.Concat(events), Has.None.Contains("secret token handling"));
        Assert.That(stored.Concat(events), Has.None.Contains("tool_parameters"));
        Assert.That(await ScalarAsync<long>("SELECT prompt_length FROM ai_events WHERE organization_id = @Org AND event_name = 'claude_code.user_prompt'",
            new { Org = t.OrganizationId }), Is.EqualTo(42));

        Assert.That(await ScalarAsync<string>("SELECT session_id FROM ai_commit_links WHERE organization_id = @Org AND sha = '0123456789abcdef0123456789abcdef01234567'",
            new { Org = t.OrganizationId }), Is.EqualTo("sess-ev"));
        var daily = await DailyAsync(t);
        var modelless = daily.Single(d => d.Model == "");
        Assert.Multiple(() =>
        {
            Assert.That(modelless.Prompts, Is.EqualTo(1));
            Assert.That(modelless.ToolAcceptsUser, Is.EqualTo(1));
            Assert.That(modelless.ToolDecisionsAuto, Is.EqualTo(1));
            Assert.That(modelless.EvEditAcceptsUser, Is.EqualTo(1));
            Assert.That(daily.Single(d => d.Model == "claude-sonnet-4-5").EvCostUsd, Is.EqualTo(0.0123m));
            Assert.That(daily.Single(d => d.Model == "claude-sonnet-4-5").HasMetrics, Is.False);
        });
        Assert.That(await ScalarAsync<string>("SELECT email FROM telemetry_identities WHERE organization_id = @Org", new { Org = t.OrganizationId }),
            Is.EqualTo("ev@example.com"));
        Assert.That(await ScalarAsync<string>("SELECT identity_key FROM telemetry_identities WHERE organization_id = @Org", new { Org = t.OrganizationId }),
            Is.EqualTo("acct:acct-ev"));
    }

    [Test]
    public async Task An_undecodable_payload_fails_after_three_attempts_without_blocking_the_queue()
    {
        var t = await NewTenantAsync();
        var bad = await StoreRawAsync(t, "logs", "protobuf", [0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]);
        var good = await StoreAsync(t, "logs", Events(new Developer("sess-ok"), new Event("user_prompt", Day, 1)));

        await Engine.RunOnceAsync(CancellationToken.None);
        Assert.That(await ScalarAsync<string>("SELECT status FROM otel_raw_payloads WHERE id = @Id", new { Id = good }), Is.EqualTo("normalized"));
        Assert.That(await ScalarAsync<string>("SELECT status || ':' || attempts FROM otel_raw_payloads WHERE id = @Id", new { Id = bad }), Is.EqualTo("pending:1"));
        await Engine.RunOnceAsync(CancellationToken.None);
        await Engine.RunOnceAsync(CancellationToken.None);
        Assert.That(await ScalarAsync<string>("SELECT status || ':' || attempts FROM otel_raw_payloads WHERE id = @Id", new { Id = bad }), Is.EqualTo("failed:3"));
        Assert.That(await ScalarAsync<string>("SELECT error FROM otel_raw_payloads WHERE id = @Id", new { Id = bad }), Does.StartWith("decode:"));
        Assert.That(await Engine.RunOnceAsync(CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task A_value_no_column_can_hold_is_skipped_and_never_stalls_the_queue()
    {
        var t = await NewTenantAsync();
        var other = await NewTenantAsync();
        var dev = new Developer("sess-huge", AccountUuid: "acct-huge");
        // 1e300 does not fit a decimal; 4e28 + 4e28 each fit but their sum does not.
        var huge = await StoreAsync(t, "metrics", Metrics(dev, AggregationTemporality.Delta,
            new Point("claude_code.cost.usage", 1e300, Day, Day.AddMinutes(1), ("model", "m")),
            new Point("claude_code.token.usage", 12, Day, Day.AddMinutes(1), ("type", "input"), ("model", "m"))));
        var sum = await StoreAsync(t, "metrics", Metrics(dev, AggregationTemporality.Delta,
            new Point("claude_code.cost.usage", 4e28, Day.AddMinutes(1), Day.AddMinutes(2), ("model", "m")),
            new Point("claude_code.cost.usage", 4e28, Day.AddMinutes(2), Day.AddMinutes(3), ("model", "m"))));
        var later = await StoreAsync(other, "logs", Events(new Developer("sess-after"), new Event("user_prompt", Day, 1)));

        await NormaliseAllAsync();

        var statuses = await QueryAsync<(long Id, string Status)>("SELECT id, status FROM otel_raw_payloads WHERE id = ANY(@Ids)",
            new { Ids = new[] { huge, sum, later } });
        Assert.That(statuses.ToDictionary(s => s.Id, s => s.Status), Is.EqualTo(new Dictionary<long, string>
        {
            [huge] = "normalized", [sum] = "normalized", [later] = "normalized",
        }));
        var daily = await QueryAsync<(decimal TokensInput, decimal CostUsd)>(
            "SELECT tokens_input, cost_usd FROM ai_usage_daily WHERE organization_id = @Org AND model = 'm'", new { Org = t.OrganizationId });
        Assert.That(daily.Single().TokensInput, Is.EqualTo(12m), "the values that fit still count");
        Assert.That(daily.Single().CostUsd, Is.EqualTo(4e28m), "the addend that would overflow the total is skipped, the first one counts");

        // the same overflow across two batches: the stored total keeps its value
        var next = await StoreAsync(t, "metrics", Metrics(dev, AggregationTemporality.Delta,
            new Point("claude_code.cost.usage", 4e28, Day.AddMinutes(3), Day.AddMinutes(4), ("model", "m"))));
        await NormaliseAllAsync();
        Assert.That(await ScalarAsync<string>("SELECT status FROM otel_raw_payloads WHERE id = @Id", new { Id = next }), Is.EqualTo("normalized"));
        Assert.That(await ScalarAsync<decimal>("SELECT cost_usd FROM ai_usage_daily WHERE organization_id = @Org AND model = 'm'",
            new { Org = t.OrganizationId }), Is.EqualTo(4e28m));
        Assert.That(await ScalarAsync<decimal>("SELECT cost_usd FROM ai_sessions WHERE organization_id = @Org AND session_id = 'sess-huge'",
            new { Org = t.OrganizationId }), Is.EqualTo(4e28m));
    }

    [Test]
    public async Task A_payload_that_fails_its_whole_batch_is_counted_outside_the_rollback_and_failed_without_blocking_the_queue()
    {
        var t = await NewTenantAsync();
        var poison = await StoreAsync(t, "logs", Events(new Developer("sess-poison"), new Event("user_prompt", Day, 1)));
        var behind = await StoreAsync(t, "logs", Events(new Developer("sess-behind"), new Event("user_prompt", Day, 2)));
        // marking the poison payload normalized fails: the whole batch transaction rolls back, every time
        await ExecAsync($"""
            CREATE FUNCTION test_poison_payload() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.id = {poison} AND NEW.status = 'normalized' THEN RAISE EXCEPTION 'poison payload'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_poison_payload BEFORE UPDATE ON otel_raw_payloads FOR EACH ROW EXECUTE FUNCTION test_poison_payload();
            """);
        try
        {
            await NormaliseAllAsync();
        }
        finally
        {
            await ExecAsync("DROP TRIGGER test_poison_payload ON otel_raw_payloads; DROP FUNCTION test_poison_payload();");
        }

        var rows = await QueryAsync<(long Id, string Status, int Attempts, string? Error)>(
            "SELECT id, status, attempts, error FROM otel_raw_payloads WHERE id = ANY(@Ids)", new { Ids = new[] { poison, behind } });
        var bad = rows.Single(r => r.Id == poison);
        Assert.Multiple(() =>
        {
            Assert.That((bad.Status, bad.Attempts), Is.EqualTo(("failed", 3)));
            Assert.That(bad.Error, Does.Contain("poison payload"));
            Assert.That(rows.Single(r => r.Id == behind).Status, Is.EqualTo("normalized"));
        });
    }

    [Test]
    public async Task A_nul_character_in_a_string_is_replaced_and_the_payload_normalized()
    {
        var t = await NewTenantAsync();
        var request = Events(new Developer("sess-nul"), new Event("user_prompt", Day, 1, ("note", "1\u00002")));
        request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].SeverityText = "IN\u0000FO";
        var id = await StoreAsync(t, "logs", request);

        await NormaliseAllAsync();

        Assert.That(await ScalarAsync<string>("SELECT status FROM otel_raw_payloads WHERE id = @Id", new { Id = id }), Is.EqualTo("normalized"));
        var row = (await QueryAsync<(string Note, string Severity)>(
            "SELECT attributes ->> 'note', severity_text FROM otel_log_records WHERE organization_id = @Org", new { Org = t.OrganizationId })).Single();
        Assert.That(row, Is.EqualTo(("1\ufffd2", "IN\ufffdFO")), "jsonb and text columns both get U+FFFD in place of the NUL");
    }

    [Test]
    public async Task A_claim_is_bounded_by_bytes_as_well_as_by_count()
    {
        var t = await NewTenantAsync();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await StoreAsync(t, "logs", Events(new Developer("sess-bytes-" + i), new Event("user_prompt", Day, i))));
        var size = await ScalarAsync<long>("SELECT max(body_bytes) FROM otel_raw_payloads WHERE id = ANY(@Ids)", new { Ids = ids.ToArray() });
        var engine = new NormaliserEngine(Db, new NormalisationWriter(Resolver), new TelemetryNormaliserOptions { MaxBatchBytes = size + 1 },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<NormaliserEngine>.Instance);

        Assert.That(await engine.RunOnceAsync(CancellationToken.None), Is.EqualTo(2), "the first payload, and the second that starts within the bound");
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM otel_raw_payloads WHERE id = ANY(@Ids) AND status = 'pending'", new { Ids = ids.ToArray() }),
            Is.EqualTo(1));
        Assert.That(await engine.RunOnceAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM otel_raw_payloads WHERE id = ANY(@Ids) AND status = 'normalized'", new { Ids = ids.ToArray() }),
            Is.EqualTo(3));
    }

    [Test]
    public async Task Json_payloads_with_hex_ids_are_normalized_with_the_right_ids()
    {
        var t = await NewTenantAsync();
        var json = """
            { "resourceLogs": [ { "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "release-bot" } } ] },
              "scopeLogs": [ { "scope": { "name": "ci" }, "logRecords": [ {
                "timeUnixNano": "1763629200000000000", "eventName": "workflow.deploy.finished",
                "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "eee19b7ec3c1b174",
                "attributes": [ { "key": "user.email", "value": { "stringValue": "Ops@Example.com" } },
                                { "key": "cicd.pipeline.name", "value": { "stringValue": "deploy" } },
                                { "key": "attempt", "value": { "intValue": 3 } } ],
                "unknownFutureField": { "nested": [1, 2, 3] } } ] } ] } ] }
            """;
        await StoreRawAsync(t, "logs", "json", Encoding.UTF8.GetBytes(json));
        await NormaliseAllAsync();

        var row = (await QueryAsync<(string EventName, byte[] TraceId, byte[] SpanId, string Attributes)>(
            "SELECT event_name, trace_id, span_id, attributes::text FROM otel_log_records WHERE organization_id = @Org", new { Org = t.OrganizationId })).Single();
        Assert.That(row.EventName, Is.EqualTo("workflow.deploy.finished"));
        Assert.That(Convert.ToHexStringLower(row.TraceId), Is.EqualTo("5b8efff798038103d269b633813fc60c"));
        Assert.That(Convert.ToHexStringLower(row.SpanId), Is.EqualTo("eee19b7ec3c1b174"));
        Assert.That(row.Attributes, Does.Contain("\"attempt\": 3").And.Contain("\"cicd.pipeline.name\": \"deploy\""));
        Assert.That(await ScalarAsync<string>("SELECT source || '/' || identity_key FROM telemetry_identities WHERE organization_id = @Org",
            new { Org = t.OrganizationId }), Is.EqualTo("otel/email:ops@example.com"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM ai_events WHERE organization_id = @Org", new { Org = t.OrganizationId }), Is.Zero);
    }

    [Test]
    public async Task Spans_are_stored_once_and_invalid_ones_skipped()
    {
        var t = await NewTenantAsync();
        var trace = new ExportTraceServiceRequest();
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "svc" } };
        var traceId = Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString("0af7651916cd43dd8448eb211c80319c"));
        scope.Spans.Add(new Span
        {
            TraceId = traceId, SpanId = Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString("b7ad6b7169203331")), Name = "GET /",
            Kind = Span.Types.SpanKind.Server, StartTimeUnixNano = Nanos(Day), EndTimeUnixNano = Nanos(Day.AddMilliseconds(12)),
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        });
        scope.Spans.Add(new Span { TraceId = traceId, SpanId = Google.Protobuf.ByteString.CopyFrom(new byte[8]), Name = "zero id" });
        trace.ResourceSpans.Add(new ResourceSpans { Resource = new Leanmote.Infrastructure.Telemetry.Otlp.Resource.Resource(), ScopeSpans = { scope } });
        await StoreAsync(t, "traces", trace);
        await StoreAsync(t, "traces", trace);
        await NormaliseAllAsync();

        var spans = await QueryAsync<(string Name, long DurationNs, int StatusCode)>(
            "SELECT name, duration_ns, status_code FROM otel_spans WHERE organization_id = @Org", new { Org = t.OrganizationId });
        Assert.That(spans, Is.EqualTo(new[] { ("GET /", 12_000_000L, 2) }));
    }

    [Test]
    public async Task Partition_maintenance_creates_partitions_and_keeps_rows_reachable()
    {
        await Engine.MaintainAsync(CancellationToken.None);
        var today = DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await ScalarAsync<bool>($"SELECT to_regclass('otel_log_records_{today}') IS NOT NULL"), Is.True);
        Assert.That(await ScalarAsync<bool>($"SELECT to_regclass('otel_spans_{today}') IS NOT NULL"), Is.True);

        var t = await NewTenantAsync();
        await StoreAsync(t, "logs", Events(new Developer("sess-now"), new Event("user_prompt", DateTime.UtcNow, 1)));
        await NormaliseAllAsync();
        Assert.That(await ScalarAsync<string>("SELECT tableoid::regclass::text FROM otel_log_records WHERE organization_id = @Org", new { Org = t.OrganizationId }),
            Is.EqualTo($"otel_log_records_{today}"));
    }
}
