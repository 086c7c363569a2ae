using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Resource;

namespace Leanmote.IntegrationTests.Fixtures;

/// <summary>
/// Claude-Code-shaped OTLP requests (otel.md §7.4): resource service.name=claude-code, meter
/// com.anthropic.claude_code, logger com.anthropic.claude_code.events, the identity attributes on every point and
/// event, values of events as strings — the way Claude Code sends them.
/// </summary>
public static class ClaudeCodeFixtures
{
    public const string MeterScope = "com.anthropic.claude_code";
    public const string EventScope = "com.anthropic.claude_code.events";

    public sealed record Developer(string SessionId, string? AccountUuid = null, string? Email = null, string InstallId = "install-1",
        string? AccountId = null);

    public static ulong Nanos(DateTime utc) => (ulong)(utc - DateTime.UnixEpoch).Ticks * 100;

    public static Resource ClaudeResource(string version = "2.1.0") => new()
    {
        Attributes =
        {
            Str("service.name", "claude-code"), Str("service.version", version), Str("os.type", "linux"), Str("host.arch", "amd64"),
        },
    };

    public static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static IEnumerable<KeyValue> IdentityAttributes(Developer dev)
    {
        yield return Str("session.id", dev.SessionId);
        yield return Str("user.id", dev.InstallId);
        yield return Str("organization.id", "5e1c0000-0000-4000-8000-00000000a11c");
        yield return Str("terminal.type", "vscode");
        if (dev.AccountUuid is not null) yield return Str("user.account_uuid", dev.AccountUuid);
        if (dev.AccountId is not null) yield return Str("user.account_id", dev.AccountId);
        if (dev.Email is not null) yield return Str("user.email", dev.Email);
    }

    /// <summary>One Claude Code metric point of a monotonic sum.</summary>
    public sealed record Point(string Metric, double Value, DateTime Start, DateTime Time, params (string Key, string Value)[] Attributes);

    public static ExportMetricsServiceRequest Metrics(Developer dev, AggregationTemporality temporality, params Point[] points)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = MeterScope, Version = "2.1.0" } };
        foreach (var group in points.GroupBy(p => p.Metric))
        {
            var sum = new Sum { AggregationTemporality = temporality, IsMonotonic = true };
            foreach (var p in group)
            {
                var dp = new NumberDataPoint { StartTimeUnixNano = Nanos(p.Start), TimeUnixNano = Nanos(p.Time), AsDouble = p.Value };
                dp.Attributes.AddRange(IdentityAttributes(dev));
                dp.Attributes.AddRange(p.Attributes.Select(a => Str(a.Key, a.Value)));
                sum.DataPoints.Add(dp);
            }
            scope.Metrics.Add(new Metric { Name = group.Key, Unit = UnitOf(group.Key), Sum = sum });
        }
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(new ResourceMetrics { Resource = ClaudeResource(), ScopeMetrics = { scope } });
        return request;
    }

    private static string UnitOf(string metric) => metric switch
    {
        "claude_code.token.usage" => "tokens",
        "claude_code.cost.usage" => "USD",
        "claude_code.active_time.total" => "s",
        _ => "count",
    };

    /// <summary>One Claude Code event: body "claude_code.&lt;name&gt;", event.name attribute, string-valued attributes.</summary>
    public sealed record Event(string Name, DateTime Time, long Sequence, params (string Key, string Value)[] Attributes);

    public static ExportLogsServiceRequest Events(Developer dev, params Event[] events)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = EventScope, Version = "2.1.0" } };
        foreach (var e in events)
        {
            var record = new LogRecord
            {
                TimeUnixNano = Nanos(e.Time),
                ObservedTimeUnixNano = Nanos(e.Time),
                Body = new AnyValue { StringValue = "claude_code." + e.Name },
            };
            record.Attributes.Add(Str("event.name", e.Name));
            record.Attributes.Add(Str("event.timestamp", e.Time.ToString("O")));
            record.Attributes.Add(Int("event.sequence", e.Sequence));
            record.Attributes.AddRange(IdentityAttributes(dev));
            record.Attributes.AddRange(e.Attributes.Select(a => Str(a.Key, a.Value)));
            scope.LogRecords.Add(record);
        }
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(new ResourceLogs { Resource = ClaudeResource(), ScopeLogs = { scope } });
        return request;
    }

    /// <summary>A realistic session: a prompt, an API request, an edit accepted by the user, a commit made through Bash.</summary>
    public static ExportLogsServiceRequest TypicalSessionEvents(Developer dev, DateTime at) => Events(dev,
        new Event("user_prompt", at, 1, ("prompt_length", "42"), ("prompt", "please fix the secret token handling in auth.cs")),
        new Event("api_request", at.AddSeconds(1), 2, ("model", "claude-sonnet-4-5"), ("input_tokens", "1532"), ("output_tokens", "210"),
            ("cache_read_tokens", "9000"), ("cache_creation_tokens", "120"), ("cost_usd", "0.0123"), ("duration_ms", "842"), ("request_id", "req_1")),
        new Event("tool_decision", at.AddSeconds(2), 3, ("tool_name", "Edit"), ("tool_use_id", "tu_1"), ("decision", "accept"), ("source", "user_temporary")),
        new Event("tool_decision", at.AddSeconds(3), 4, ("tool_name", "Bash"), ("tool_use_id", "tu_2"), ("decision", "accept"), ("source", "config")),
        new Event("tool_result", at.AddSeconds(4), 5, ("tool_name", "Bash"), ("tool_use_id", "tu_2"), ("success", "true"), ("duration_ms", "310"),
            ("decision_source", "config"), ("tool_result_size_bytes", "120"),
            ("tool_parameters", "{\"bash_command\":\"git commit -m fix\",\"git_commit_id\":\"0123456789abcdef0123456789abcdef01234567\"}")),
        new Event("api_error", at.AddSeconds(5), 6, ("model", "claude-sonnet-4-5"), ("error", "overloaded"), ("status_code", "529"), ("attempt", "1")));

    public static byte[] Bytes(IMessage message) => message.ToByteArray();
}
