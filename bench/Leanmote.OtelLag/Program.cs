// Sustained Claude-Code-shaped OTLP load at a fixed rate (protobuf batches of 512 log records, plus metric batches),
// then: accepted rate, response-time p50/p99, non-2xx counts, API resident memory (sampled from /proc/<pid>/status
// every 250 ms) and, when the normalizer runs, the normalization lag p50/p95/max (normalized_at - received_at) of
// this run's payloads and the time the backlog took to drain after the load stopped.
// Usage: Leanmote.OtelLag <base-url> <ingest-token> <api-pid> <connection-string> <records-per-s> <seconds> <label> [wait-for-drain]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Resource;
using Npgsql;

var inv = CultureInfo.InvariantCulture;
var baseUrl = new Uri(args[0]);
var token = args[1];
var apiPid = int.Parse(args[2], inv);
var connectionString = args[3];
var recordsPerSecond = int.Parse(args[4], inv);
var seconds = int.Parse(args[5], inv);
var label = args[6];
var waitForDrain = args.Length > 7 && args[7] == "drain";
const int Batch = 512;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30),
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var developers = Enumerable.Range(0, 50).Select(i => (Session: $"lag-{label}-{i}-{Guid.NewGuid():N}", Email: $"dev{i}@bench.example")).ToArray();
var runStart = DateTimeOffset.UtcNow;
var latencies = new List<double>();
var statuses = new Dictionary<int, int>();
long records = 0, points = 0;
var gate = new object();
long seq = 0;

byte[] LogBatch()
{
    var dev = developers[Random.Shared.Next(developers.Length)];
    var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code.events", Version = "2.1.0" } };
    var now = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L);
    for (var i = 0; i < Batch; i++)
    {
        var n = Interlocked.Increment(ref seq);
        var kind = (n % 4) switch { 0 => "user_prompt", 1 => "api_request", 2 => "tool_decision", _ => "tool_result" };
        var r = new LogRecord { TimeUnixNano = now + (ulong)i, ObservedTimeUnixNano = now, Body = new AnyValue { StringValue = "claude_code." + kind } };
        void S(string k, string v) => r.Attributes.Add(new KeyValue { Key = k, Value = new AnyValue { StringValue = v } });
        S("event.name", kind);
        r.Attributes.Add(new KeyValue { Key = "event.sequence", Value = new AnyValue { IntValue = n } });
        S("session.id", dev.Session); S("user.email", dev.Email); S("user.id", "install-" + dev.Email); S("terminal.type", "vscode");
        S("organization.id", "5e1c0000-0000-4000-8000-00000000a11c");
        switch (kind)
        {
            case "user_prompt": S("prompt_length", "120"); break;
            case "api_request":
                S("model", "claude-sonnet-4-5"); S("input_tokens", "1532"); S("output_tokens", "210"); S("cache_read_tokens", "9000");
                S("cache_creation_tokens", "120"); S("cost_usd", "0.0123"); S("duration_ms", "842"); S("request_id", "req_" + n);
                break;
            case "tool_decision": S("tool_name", "Edit"); S("tool_use_id", "tu_" + n); S("decision", "accept"); S("source", "user_temporary"); break;
            default: S("tool_name", "Bash"); S("tool_use_id", "tu_" + n); S("success", "true"); S("duration_ms", "310"); S("decision_source", "config"); break;
        }
        scope.LogRecords.Add(r);
    }
    var req = new ExportLogsServiceRequest();
    req.ResourceLogs.Add(new ResourceLogs { Resource = Resource(), ScopeLogs = { scope } });
    return req.ToByteArray();
}

byte[] MetricBatch()
{
    var now = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L);
    var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code", Version = "2.1.0" } };
    var sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true };
    foreach (var dev in developers)
        foreach (var type in new[] { "input", "output", "cacheRead", "cacheCreation" })
        {
            var p = new NumberDataPoint { StartTimeUnixNano = now - 60_000_000_000UL, TimeUnixNano = now, AsDouble = Random.Shared.Next(1, 5000) };
            p.Attributes.Add(new KeyValue { Key = "session.id", Value = new AnyValue { StringValue = dev.Session } });
            p.Attributes.Add(new KeyValue { Key = "user.email", Value = new AnyValue { StringValue = dev.Email } });
            p.Attributes.Add(new KeyValue { Key = "type", Value = new AnyValue { StringValue = type } });
            p.Attributes.Add(new KeyValue { Key = "model", Value = new AnyValue { StringValue = "claude-sonnet-4-5" } });
            sum.DataPoints.Add(p);
        }
    scope.Metrics.Add(new Metric { Name = "claude_code.token.usage", Unit = "tokens", Sum = sum });
    var req = new ExportMetricsServiceRequest();
    req.ResourceMetrics.Add(new ResourceMetrics { Resource = Resource(), ScopeMetrics = { scope } });
    return req.ToByteArray();
}

static Resource Resource() => new()
{
    Attributes =
    {
        new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "claude-code" } },
        new KeyValue { Key = "service.version", Value = new AnyValue { StringValue = "2.1.0" } },
        new KeyValue { Key = "os.type", Value = new AnyValue { StringValue = "linux" } },
    },
};

async Task SendAsync(string path, byte[] body, int items, bool isMetrics)
{
    var clock = Stopwatch.StartNew();
    int status;
    try
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await http.PostAsync(path, content);
        status = (int)response.StatusCode;
    }
    catch (Exception)
    {
        status = 0;
    }
    lock (gate)
    {
        latencies.Add(clock.Elapsed.TotalMilliseconds);
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        if (status == 200)
        {
            if (isMetrics) points += items; else records += items;
        }
    }
}

long maxRss = 0;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        try
        {
            var line = File.ReadLines($"/proc/{apiPid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is not null)
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], inv);
                if (kb > maxRss) maxRss = kb;
            }
            await Task.Delay(250, sampling.Token);
        }
        catch (OperationCanceledException)
        {
            break;
        }
    }
});

// fixed-rate schedule: one log batch every Batch/rate seconds, one metric batch (200 points) every second
var interval = TimeSpan.FromSeconds((double)Batch / recordsPerSecond);
var inflight = new List<Task>();
var wall = Stopwatch.StartNew();
var next = TimeSpan.Zero;
var nextMetrics = TimeSpan.Zero;
while (wall.Elapsed < TimeSpan.FromSeconds(seconds))
{
    if (wall.Elapsed >= nextMetrics)
    {
        inflight.Add(SendAsync("/otel/v1/metrics", MetricBatch(), developers.Length * 4, true));
        nextMetrics += TimeSpan.FromSeconds(1);
    }
    inflight.Add(SendAsync("/otel/v1/logs", LogBatch(), Batch, false));
    next += interval;
    var wait = next - wall.Elapsed;
    if (wait > TimeSpan.Zero) await Task.Delay(wait);
    inflight.RemoveAll(t => t.IsCompleted);
}
await Task.WhenAll(inflight);
var loadSeconds = wall.Elapsed.TotalSeconds;
var loadEnd = DateTimeOffset.UtcNow;

double drainSeconds = double.NaN;
string lag = "normalizer disabled";
await using var db = NpgsqlDataSource.Create(connectionString);
if (waitForDrain)
{
    var drainClock = Stopwatch.StartNew();
    while (drainClock.Elapsed < TimeSpan.FromMinutes(10))
    {
        await using var c = db.CreateCommand("SELECT count(*) FROM otel_raw_payloads WHERE status = 'pending' AND received_at >= @start");
        c.Parameters.AddWithValue("start", runStart);
        if ((long)(await c.ExecuteScalarAsync())! == 0) break;
        await Task.Delay(200);
    }
    drainSeconds = Math.Max(0, (DateTimeOffset.UtcNow - loadEnd).TotalSeconds - 0.2);
    await using var q = db.CreateCommand("""
        SELECT count(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM normalized_at - received_at)),
               percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM normalized_at - received_at)),
               max(extract(epoch FROM normalized_at - received_at)),
               count(*) FILTER (WHERE status = 'failed')
        FROM otel_raw_payloads WHERE received_at >= @start
        """);
    q.Parameters.AddWithValue("start", runStart);
    await using var reader = await q.ExecuteReaderAsync();
    await reader.ReadAsync();
    lag = string.Format(inv, "payloads {0}, lag p50 {1:0.00} s, p95 {2:0.00} s, max {3:0.00} s, failed {4}, drained {5:0.0} s after the load stopped",
        reader.GetInt64(0), reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1), reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2),
        reader.IsDBNull(3) ? double.NaN : Convert.ToDouble(reader.GetValue(3), inv), reader.GetInt64(4), drainSeconds);
}
sampling.Cancel();
await sampler;

latencies.Sort();
double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
Console.WriteLine(string.Format(inv,
    "| {0} | {1:0} | {2:0} | {3:0} | {4:0.0} | {5:0.0} | {6} | {7:0} | {8} |",
    label, recordsPerSecond, records / loadSeconds, points / loadSeconds, P(0.5), P(0.99),
    string.Join(" ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")), maxRss / 1024.0, lag));
