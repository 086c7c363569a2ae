using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Leanmote.ContractTests.Support;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Leanmote.ContractTests.Otel;

/// <summary>
/// The real OpenTelemetry .NET SDK exporter (http/protobuf) sends logs, metrics and traces to the running API on
/// 127.0.0.1; the hosted normalizer turns them into generic rows and Claude Code facts (otel.md §7), which are
/// then read back through SQL and through the /v1/telemetry query routes (§9). The ingest fixtures check the raw
/// storage; these check what the normalizer made of it.
/// </summary>
[TestFixture]
public sealed class OtelNormalisationEndToEndTests : OtelTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private string _session = null!;
    private Uri _base = null!;

    [OneTimeSetUp]
    public async Task SendWithTheRealSdkAsync()
    {
        if (!Target.IsInProcess) return;
        _session = "e2e-" + Guid.NewGuid().ToString("N");
        _base = Target.Client.BaseAddress!;
        var carol = Data.Carol;

        var resource = ResourceBuilder.CreateEmpty()
            .AddService("claude-code", serviceVersion: "2.1.0")
            .AddAttributes([new("os.type", "linux"), new("host.arch", "amd64")]);

        void Exporter(OtlpExporterOptions o, string signal)
        {
            o.Endpoint = new Uri(_base, "/otel/v1/" + signal);
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.Headers = "Authorization=Bearer " + IngestToken;
            o.TimeoutMilliseconds = 10_000;
        }

        // metrics: cumulative (the SDK default), exported twice, so the second export must become an increment
        using (var meter = new Meter("com.anthropic.claude_code", "2.1.0"))
        {
            var tokens = meter.CreateCounter<double>("claude_code.token.usage", "tokens");
            var cost = meter.CreateCounter<double>("claude_code.cost.usage", "USD");
            var sessions = meter.CreateCounter<double>("claude_code.session.count", "count");
            using var meters = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(meter.Name)
                .AddOtlpExporter((o, reader) =>
                {
                    Exporter(o, "metrics");
                    reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
                })
                .Build();
            var tags = new TagList
            {
                { "session.id", _session }, { "user.email", carol.Email }, { "user.id", "install-e2e" }, { "type", "input" },
                { "model", "claude-sonnet-4-5" },
            };
            var identity = new TagList { { "session.id", _session }, { "user.email", carol.Email }, { "user.id", "install-e2e" } };
            sessions.Add(1, [.. identity, new("start_type", "fresh")]);
            tokens.Add(1000, tags);
            cost.Add(0.25, [.. identity, new("model", "claude-sonnet-4-5")]);
            Assert.That(meters.ForceFlush(10_000), Is.True, "first metrics export");
            await Task.Delay(20);   // the cumulative point times must differ
            tokens.Add(500, tags);
            Assert.That(meters.ForceFlush(10_000), Is.True, "second metrics export");
        }

        // events through ILogger: the category is the OTLP scope; the template's names become attributes
        using (var loggers = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(resource);
                   o.AddOtlpExporter(e => Exporter(e, "logs"));
               })))
        {
            var logger = loggers.CreateLogger("com.anthropic.claude_code.events");
            logger.LogInformation("prompt {event.name} {event.sequence} {session.id} {user.email} {prompt_length} {prompt}",
                "user_prompt", 1, _session, carol.Email, "12", "refactor the secret parser");
            logger.LogInformation("request {event.name} {event.sequence} {session.id} {user.email} {model} {input_tokens} {cost_usd} {duration_ms}",
                "api_request", 2, _session, carol.Email, "claude-sonnet-4-5", "1000", "0.25", "900");
        }

        // one span, linked to the session
        using (var source = new ActivitySource("e2e.workflow"))
        using (var tracer = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("release-bot"))
                   .AddSource(source.Name)
                   .AddOtlpExporter(o => Exporter(o, "traces"))
                   .Build())
        {
            using (var activity = source.StartActivity("deploy", ActivityKind.Internal))
            {
                activity!.SetTag("session.id", _session);
                activity.SetTag("user.email", carol.Email);
                TraceId = activity.TraceId.ToHexString();
            }
            Assert.That(tracer.ForceFlush(10_000), Is.True, "trace export");
        }

        await WaitForAsync("the two events", "SELECT count(*) FROM otel_log_records WHERE session_id = @s", 2);
        await WaitForAsync("the span", "SELECT count(*) FROM otel_spans WHERE session_id = @s", 1);
        await WaitForAsync("the token facts", "SELECT coalesce(sum(quantity), 0)::bigint FROM ai_usage_facts WHERE session_id = @s AND fact_type = 'tokens_input'", 1500);
    }

    private string TraceId { get; set; } = "";

    private async Task WaitForAsync(string what, string sql, long expected)
    {
        var clock = Stopwatch.StartNew();
        long last = -1;
        while (clock.Elapsed < Patience)
        {
            last = Convert.ToInt64(await Target.Host!.SqlAsync(sql, ("s", _session)), CultureInfo.InvariantCulture);
            if (last >= expected) return;
            await Task.Delay(100);
        }
        Assert.Fail($"{what}: expected {expected}, had {last} after {Patience.TotalSeconds} s");
    }

    private Task<object?> ScalarAsync(string sql) => Target.Host!.SqlAsync(sql, ("s", _session));

    [Test]
    public async Task CumulativeSdkMetrics_BecomeIncrementsAndFacts()
    {
        Assert.That(Convert.ToInt64(await ScalarAsync(
            "SELECT sum(quantity)::bigint FROM ai_usage_facts WHERE session_id = @s AND fact_type = 'tokens_input'"), CultureInfo.InvariantCulture),
            Is.EqualTo(1500), "1000 on the first export, +500 on the second, nothing for the repeated final export");
        Assert.That(Convert.ToDecimal(await ScalarAsync(
            "SELECT sum(quantity) FROM ai_usage_facts WHERE session_id = @s AND fact_type = 'cost_usd'"), CultureInfo.InvariantCulture), Is.EqualTo(0.25m));
        Assert.That(await ScalarAsync("SELECT start_type FROM ai_sessions WHERE session_id = @s"), Is.EqualTo("fresh"));
        // exports 2 and 3 (the final one, same value) may be normalized in either order by concurrent workers:
        // which of them carries the +500 may differ, the sum may not (ADR 0033)
        Assert.That(await ScalarAsync("""
            SELECT string_agg(increment::text, ',' ORDER BY time_unix_nano) FROM otel_metric_points p
            JOIN otel_metric_series s ON s.organization_id = p.organization_id AND s.series_hash = p.series_hash
            WHERE s.metric_name = 'claude_code.token.usage' AND s.attributes ->> 'session.id' = @s
            """), Is.AnyOf("1000,500", "1000,500,0", "1000,0,500"));
    }

    [Test]
    public async Task SdkLogRecords_BecomeClaudeEventsWithoutContent()
    {
        Assert.That(await ScalarAsync("SELECT string_agg(event_name, ',' ORDER BY event_sequence) FROM ai_events WHERE session_id = @s"),
            Is.EqualTo("claude_code.user_prompt,claude_code.api_request"));
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT input_tokens FROM ai_events WHERE session_id = @s AND event_name = 'claude_code.api_request'"),
            CultureInfo.InvariantCulture), Is.EqualTo(1000));
        Assert.That(await ScalarAsync("SELECT count(*) FROM otel_log_records WHERE session_id = @s AND attributes::text LIKE '%secret parser%'"), Is.EqualTo(0L));
        Assert.That(await ScalarAsync("SELECT count(*) FROM otel_log_records WHERE session_id = @s AND body IS NOT NULL"), Is.EqualTo(0L),
            "a Claude Code record's free-text body is content and is not copied");
    }

    [Test]
    public async Task TheIdentityIsMatchedToTheMemberByEmail()
    {
        Assert.That(Convert.ToInt64(await ScalarAsync("""
            SELECT DISTINCT i.user_id FROM ai_events e JOIN telemetry_identities i ON i.organization_id = e.organization_id AND i.id = e.identity_id
            WHERE e.session_id = @s
            """), CultureInfo.InvariantCulture), Is.EqualTo(Data.Carol.Id));
    }

    [Test]
    public async Task EventsRoute_FiltersBySessionAndAttributes_AndHidesContent()
    {
        var response = await Api.GetAsync($"/v1/telemetry/events?session_id={_session}&sort=occurred_at&order=asc", Data.AliceToken);
        var rows = EnvelopeAssert.List(response);
        Assert.That(rows.Select(r => r.GetProperty("event_name").GetString()), Is.EqualTo(new[] { "claude_code.user_prompt", "claude_code.api_request" }));
        var first = rows[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("id").GetString(), Does.StartWith("tev_"));
            Assert.That(first.GetProperty("organization_id").GetString(), Is.EqualTo(Data.Acme.PublicId));
            Assert.That(first.GetProperty("service_name").GetString(), Is.EqualTo("claude-code"));
            Assert.That(first.GetProperty("scope_name").GetString(), Is.EqualTo("com.anthropic.claude_code.events"));
            Assert.That(first.GetProperty("user_id").GetString(), Is.EqualTo(Data.Carol.PublicId));
            Assert.That(first.GetProperty("attributes").TryGetProperty("prompt", out _), Is.False);
            Assert.That(first.GetProperty("resource_attributes").GetProperty("os.type").GetString(), Is.EqualTo("linux"));
        });

        var filtered = EnvelopeAssert.List(await Api.GetAsync(
            $"/v1/telemetry/events?session_id={_session}&attributes=model:claude-sonnet-4-5,input_tokens:1000", Data.AliceToken));
        Assert.That(filtered.Select(r => r.GetProperty("event_name").GetString()), Is.EqualTo(new[] { "claude_code.api_request" }));

        var one = EnvelopeAssert.Single(await Api.GetAsync("/v1/telemetry/events/" + first.GetProperty("id").GetString(), Data.AliceToken));
        Assert.That(one.GetProperty("session_id").GetString(), Is.EqualTo(_session));
    }

    [Test]
    public async Task EventsRoute_RejectsBadFilters()
    {
        EnvelopeAssert.Validation(await Api.GetAsync("/v1/telemetry/events?attributes=nocolon", Data.AliceToken), "attributes");
        EnvelopeAssert.Validation(await Api.GetAsync("/v1/telemetry/events?trace_id=xyz", Data.AliceToken), "trace_id");
        EnvelopeAssert.Error(await Api.GetAsync("/v1/telemetry/events/tev_999999999", Data.AliceToken), 404, "NOT_FOUND");
        EnvelopeAssert.Error(await Api.GetAsync("/v1/telemetry/events/nonsense", Data.AliceToken), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Visibility_CollaboratorsSeeTheirOwnTelemetryOnly()
    {
        var own = EnvelopeAssert.List(await Api.GetAsync($"/v1/telemetry/events?session_id={_session}", Data.CarolToken));
        var other = EnvelopeAssert.List(await Api.GetAsync($"/v1/telemetry/events?session_id={_session}", Data.DaveToken));
        var outsider = EnvelopeAssert.List(await Api.GetAsync($"/v1/telemetry/events?session_id={_session}", Data.GinaToken));
        Assert.Multiple(() =>
        {
            Assert.That(own, Has.Length.EqualTo(2), "Carol's identity maps to Carol");
            Assert.That(other, Is.Empty, "Dave is a collaborator who is not Carol");
            Assert.That(outsider, Is.Empty, "Globex's admin never sees Acme's telemetry");
        });
    }

    [Test]
    public async Task MetricSeriesAndPointsRoutes()
    {
        var series = EnvelopeAssert.List(await Api.GetAsync("/v1/telemetry/metric-series?metric_name=claude_code.token.usage&per_page=100", Data.AliceToken))
            .Single(s => s.GetProperty("attributes").GetProperty("session.id").GetString() == _session);
        Assert.Multiple(() =>
        {
            Assert.That(series.GetProperty("id").GetString(), Does.StartWith("tms_"));
            Assert.That(series.GetProperty("kind").GetString(), Is.EqualTo("sum"));
            Assert.That(series.GetProperty("temporality").GetString(), Is.EqualTo("cumulative"));
            Assert.That(series.GetProperty("service_name").GetString(), Is.EqualTo("claude-code"));
        });
        var points = EnvelopeAssert.List(await Api.GetAsync($"/v1/telemetry/metric-series/{series.GetProperty("id").GetString()}/points?sort=point_at&order=asc",
            Data.AliceToken));
        Assert.That(points.Select(p => p.GetProperty("value").GetDouble()).Take(2), Is.EqualTo(new[] { 1000d, 1500d }));
        Assert.That(points[0].GetProperty("increment").GetDouble(), Is.EqualTo(1000d));
        Assert.That(points.Sum(p => p.GetProperty("increment").GetDouble()), Is.EqualTo(1500d));
        EnvelopeAssert.Error(await Api.GetAsync("/v1/telemetry/metric-series/tms_999999999/points", Data.AliceToken), 404, "NOT_FOUND");
    }

    [Test]
    public async Task TraceRoute_ReturnsTheSpans()
    {
        var trace = EnvelopeAssert.Single(await Api.GetAsync("/v1/telemetry/traces/" + TraceId, Data.AliceToken));
        var span = trace.GetProperty("spans").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(trace.GetProperty("trace_id").GetString(), Is.EqualTo(TraceId));
            Assert.That(span.GetProperty("name").GetString(), Is.EqualTo("deploy"));
            Assert.That(span.GetProperty("service_name").GetString(), Is.EqualTo("release-bot"));
            Assert.That(span.GetProperty("span_id").GetString(), Has.Length.EqualTo(16));
        });
        EnvelopeAssert.Error(await Api.GetAsync("/v1/telemetry/traces/" + new string('0', 31) + "1", Data.AliceToken), 404, "NOT_FOUND");
    }

    [Test]
    public async Task IdentityRoutes_ListAndMapByHand()
    {
        var path = $"/v1/organizations/{Data.Acme.PublicId}/telemetry-identities";
        var carolIdentity = EnvelopeAssert.List(await Api.GetAsync($"{path}?email={Uri.EscapeDataString(Data.Carol.Email.ToUpperInvariant())}", Data.BobToken))
            .Single(i => i.GetProperty("source").GetString() == "claude_code");
        Assert.Multiple(() =>
        {
            Assert.That(carolIdentity.GetProperty("id").GetString(), Does.StartWith("tid_"));
            Assert.That(carolIdentity.GetProperty("user_id").GetString(), Is.EqualTo(Data.Carol.PublicId));
            Assert.That(carolIdentity.GetProperty("match_method").GetString(), Is.EqualTo("email"));
            Assert.That(carolIdentity.GetProperty("matched").GetBoolean(), Is.True);
        });

        EnvelopeAssert.Error(await Api.GetAsync(path, Data.CarolToken), 403, "FORBIDDEN");

        // the trace's identity (source otel, same email) is mapped to Erin by hand, then unmapped
        var otel = EnvelopeAssert.List(await Api.GetAsync($"{path}?source=otel&email={Uri.EscapeDataString(Data.Carol.Email)}", Data.AliceToken)).Single();
        var identityPath = $"{path}/{otel.GetProperty("id").GetString()}";
        var mapped = EnvelopeAssert.Single(await Api.SendAsync(HttpMethod.Put, identityPath, Data.AliceToken,
            new StringContent($$"""{"user_id": "{{Data.Erin.PublicId}}"}""", System.Text.Encoding.UTF8, "application/json")));
        Assert.That((mapped.GetProperty("user_id").GetString(), mapped.GetProperty("match_method").GetString()), Is.EqualTo((Data.Erin.PublicId, "manual")));

        EnvelopeAssert.Validation(await Api.SendAsync(HttpMethod.Put, identityPath, Data.AliceToken,
            new StringContent($$"""{"user_id": "{{Data.Gina.PublicId}}"}""", System.Text.Encoding.UTF8, "application/json")), "user_id");
        EnvelopeAssert.Validation(await Api.SendAsync(HttpMethod.Put, identityPath, Data.AliceToken,
            new StringContent("""{"user_id": 5}""", System.Text.Encoding.UTF8, "application/json")), "user_id");

        var unmapped = EnvelopeAssert.Single(await Api.SendAsync(HttpMethod.Put, identityPath, Data.AliceToken,
            new StringContent("""{"user_id": null}""", System.Text.Encoding.UTF8, "application/json")));
        Assert.That(unmapped.GetProperty("user_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        EnvelopeAssert.Error(await Api.SendAsync(HttpMethod.Put, $"{path}/tid_999999999", Data.AliceToken,
            new StringContent("""{"user_id": null}""", System.Text.Encoding.UTF8, "application/json")), 404, "NOT_FOUND");
    }

    [Test]
    public async Task PayloadsRoute_IsTheAuditTrailForAdminsOnly()
    {
        var rows = EnvelopeAssert.List(await Api.GetAsync("/v1/telemetry/payloads?signal=metrics&status=normalized&per_page=100", Data.AliceToken));
        Assert.That(rows, Is.Not.Empty);
        var first = rows[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("id").GetString(), Does.StartWith("tpl_"));
            Assert.That(first.GetProperty("ingest_token_id").GetString(), Does.StartWith("itk_"));
            Assert.That(first.GetProperty("signal").GetString(), Is.EqualTo("metrics"));
            Assert.That(first.TryGetProperty("payload", out _), Is.False, "the payload itself is never listed");
            Assert.That(rows.Select(r => r.GetProperty("organization_id").GetString()).Distinct(), Is.EqualTo(new[] { Data.Acme.PublicId }));
        });
        EnvelopeAssert.Error(await Api.GetAsync("/v1/telemetry/payloads", Data.BobToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task RawPayloads_AreMarkedNormalizedPromptly()
    {
        var pending = await Target.Host!.SqlAsync("""
            SELECT count(*) FROM otel_raw_payloads p JOIN ingest_tokens t ON t.organization_id = p.organization_id AND t.id = p.ingest_token_id
            WHERE t.name = @n AND p.status <> 'normalized'
            """, ("n", nameof(OtelNormalisationEndToEndTests)));
        Assert.That(pending, Is.EqualTo(0L), "every payload this fixture sent is normalized by the time its facts are visible");
    }
}
