using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Otlp;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Resource;

// OTLP load generator (scripts/bench-otel.sh). Closed loop: N workers each POST a fresh, unique, Claude-Code-shaped
// batch and wait for the answer, for a fixed duration, on loopback. Prints one JSON line of results, including a
// baseline from the same invocation: the decoder + validator alone on the same kind of bodies, single-threaded.
// With a target rate (items/s) the requests are paced open-loop at that rate instead (latency at a given load).
//   dotnet Leanmote.OtelLoad.dll <base-url> <ingest-token> <logs|metrics> <protobuf|json> [batch=512] [seconds=60] [workers=4] [rate=0]
if (args[0] == "alloc") return Allocations();
var baseUrl = args[0].TrimEnd('/');
var token = args[1];
var signal = args[2];
var encoding = args[3];
var batch = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 512;
var seconds = args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 60;
var workers = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 4;
var rate = args.Length > 7 ? double.Parse(args[7], CultureInfo.InvariantCulture) : 0;
var json = encoding == "json";

var baseline = DecoderBaseline(signal, json, batch);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, AutomaticDecompression = DecompressionMethods.None })
{
    Timeout = TimeSpan.FromSeconds(30),
};
var url = $"{baseUrl}/otel/v1/{signal}";
var mediaType = json ? "application/json" : "application/x-protobuf";
long sequence = 0, ok = 0, failed = 0, server5xx = 0, items = 0, bytes = 0;
var latencies = new List<double>[workers];
var stop = Stopwatch.StartNew();
var until = TimeSpan.FromSeconds(seconds);

async Task Worker(int index)
{
    var mine = latencies[index] = new List<double>(4096);
    while (stop.Elapsed < until)
    {
        var seq = Interlocked.Increment(ref sequence);
        if (rate > 0)
        {
            var due = TimeSpan.FromSeconds((seq - 1) * batch / rate);
            if (due >= until) break;
            var wait = due - stop.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        var body = Body(signal, json, batch, seq);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Interlocked.Increment(ref ok);
            Interlocked.Add(ref items, batch);
            Interlocked.Add(ref bytes, body.Length);
        }
        else
        {
            Interlocked.Increment(ref failed);
            if ((int)response.StatusCode >= 500) Interlocked.Increment(ref server5xx);
            if (failed <= 3) Console.Error.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

await Task.WhenAll(Enumerable.Range(0, workers).Select(Worker));
var elapsed = stop.Elapsed.TotalSeconds;
var all = latencies.SelectMany(l => l).OrderBy(l => l).ToArray();
double Pct(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
Console.WriteLine(JsonSerializer.Serialize(new
{
    signal, encoding, batch, workers, target_rate = rate, seconds = Math.Round(elapsed, 1),
    requests_ok = ok, requests_failed = failed, responses_5xx = server5xx,
    items_per_second = Math.Round(items / elapsed),
    mib_per_second = Math.Round(bytes / elapsed / 1048576, 2),
    p50_ms = Math.Round(Pct(0.50), 1), p99_ms = Math.Round(Pct(0.99), 1), max_ms = Math.Round(all.LastOrDefault(), 1),
    baseline_decoder_items_per_second = Math.Round(baseline),
    ratio = baseline == 0 ? 0 : Math.Round(items / elapsed / baseline, 3),
}));
return failed == 0 ? 0 : 1;

// `alloc`: bytes allocated by decoding + validating one ≈10 MiB body (the request path's only large allocation
// besides the pooled body buffer), as a multiple of the body size (otel.md §11: < 4×).
static int Allocations()
{
    foreach (var (signal, json) in new[] { ("logs", false), ("logs", true), ("metrics", false) })
    {
        var body = Body(signal, json, 1, 0);
        var batch = (int)(10L * 1024 * 1024 / body.Length);
        body = Body(signal, json, batch, 1);
        while (body.Length > 10 * 1024 * 1024) body = Body(signal, json, batch = batch * 95 / 100, 1);
        var now = DateTimeOffset.UtcNow;
        Decode();   // warm-up (JIT, descriptor tables)
        GC.Collect();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var items = Decode();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            signal, encoding = json ? "json" : "protobuf", body_mib = Math.Round(body.Length / 1048576.0, 2), items,
            allocated_mib = Math.Round(allocated / 1048576.0, 2), ratio = Math.Round((double)allocated / body.Length, 2),
        }));

        int Decode() => (signal, json) switch
        {
            ("logs", false) => OtlpValidator.Validate(OtlpProtobufDecoder.Parse(ExportLogsServiceRequest.Parser, body, body.Length), now).ItemCount,
            ("logs", true) => OtlpValidator.Validate(OtlpJsonDecoder.Parse<ExportLogsServiceRequest>(body), now).ItemCount,
            _ => OtlpValidator.Validate(OtlpProtobufDecoder.Parse(ExportMetricsServiceRequest.Parser, body, body.Length), now).ItemCount,
        };
    }
    return 0;
}

static double DecoderBaseline(string signal, bool json, int batch)
{
    var bodies = Enumerable.Range(0, 20).Select(i => Body(signal, json, batch, -i - 1)).ToArray();
    var now = DateTimeOffset.UtcNow;
    long decoded = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromSeconds(3))
    {
        foreach (var body in bodies)
        {
            var verdict = (signal, json) switch
            {
                ("logs", false) => OtlpValidator.Validate(OtlpProtobufDecoder.Parse(ExportLogsServiceRequest.Parser, body, body.Length), now),
                ("logs", true) => OtlpValidator.Validate(OtlpJsonDecoder.Parse<ExportLogsServiceRequest>(body), now),
                (_, false) => OtlpValidator.Validate(OtlpProtobufDecoder.Parse(ExportMetricsServiceRequest.Parser, body, body.Length), now),
                _ => OtlpValidator.Validate(OtlpJsonDecoder.Parse<ExportMetricsServiceRequest>(body), now),
            };
            decoded += verdict.ItemCount;
        }
    }
    return decoded / watch.Elapsed.TotalSeconds;
}

static byte[] Body(string signal, bool json, int batch, long sequence)
{
    IMessage message = signal == "logs" ? LogsBatch(batch, sequence) : MetricsBatch(batch, sequence);
    return json ? JsonBody(message) : message.ToByteArray();
}

static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

static Resource ClaudeResource(long sequence)
{
    var resource = new Resource();
    resource.Attributes.Add(Attr("service.name", "claude-code"));
    resource.Attributes.Add(Attr("service.version", "2.1.0"));
    resource.Attributes.Add(Attr("os.type", "linux"));
    resource.Attributes.Add(Attr("host.arch", "x64"));
    resource.Attributes.Add(Attr("bench.batch", sequence.ToString(CultureInfo.InvariantCulture)));
    return resource;
}

static ExportLogsServiceRequest LogsBatch(int batch, long sequence)
{
    var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
    var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code.events", Version = "2.1.0" } };
    for (var i = 0; i < batch; i++)
    {
        var user = (sequence * 7 + i) % 100;
        var record = new LogRecord
        {
            TimeUnixNano = now + (ulong)i,
            ObservedTimeUnixNano = now + (ulong)i,
            Body = new AnyValue { StringValue = "claude_code.api_request" },
        };
        record.Attributes.Add(Attr("event.name", "api_request"));
        record.Attributes.Add(Attr("event.timestamp", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        record.Attributes.Add(new KeyValue { Key = "event.sequence", Value = new AnyValue { IntValue = i } });
        record.Attributes.Add(Attr("session.id", $"3f0c2a9e-5b1d-4c7e-9a21-{user:D12}"));
        record.Attributes.Add(Attr("user.account_uuid", $"8d6b0f3c-2e41-4a7b-b5c9-{user:D12}"));
        record.Attributes.Add(Attr("user.email", $"dev{user}@example.com"));
        record.Attributes.Add(Attr("organization.id", "0b8e4c1a-7f2d-4e39-a6b1-5c9d3e2f1a08"));
        record.Attributes.Add(Attr("terminal.type", "vscode"));
        record.Attributes.Add(Attr("model", "claude-sonnet-4-5"));
        record.Attributes.Add(Attr("input_tokens", (1000 + i).ToString(CultureInfo.InvariantCulture)));
        record.Attributes.Add(Attr("output_tokens", (200 + i).ToString(CultureInfo.InvariantCulture)));
        record.Attributes.Add(Attr("cache_read_tokens", "15320"));
        record.Attributes.Add(Attr("cost_usd", "0.0123"));
        record.Attributes.Add(Attr("duration_ms", "842"));
        record.Attributes.Add(Attr("request_id", $"req_{sequence:D8}{i:D5}"));
        scope.LogRecords.Add(record);
    }
    var request = new ExportLogsServiceRequest();
    request.ResourceLogs.Add(new ResourceLogs { Resource = ClaudeResource(sequence), ScopeLogs = { scope } });
    return request;
}

static ExportMetricsServiceRequest MetricsBatch(int batch, long sequence)
{
    var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
    string[] names = ["claude_code.token.usage", "claude_code.cost.usage", "claude_code.lines_of_code.count", "claude_code.active_time.total"];
    string[] types = ["input", "output", "cacheRead", "cacheCreation"];
    var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code", Version = "2.1.0" } };
    var perMetric = Math.Max(1, batch / names.Length);
    foreach (var name in names)
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true };
        for (var i = 0; i < perMetric; i++)
        {
            var user = (sequence * 3 + i) % 100;
            var point = new NumberDataPoint { StartTimeUnixNano = now - 60_000_000_000UL, TimeUnixNano = now, AsDouble = 10 + i };
            point.Attributes.Add(Attr("session.id", $"3f0c2a9e-5b1d-4c7e-9a21-{user:D12}"));
            point.Attributes.Add(Attr("user.account_uuid", $"8d6b0f3c-2e41-4a7b-b5c9-{user:D12}"));
            point.Attributes.Add(Attr("user.email", $"dev{user}@example.com"));
            point.Attributes.Add(Attr("organization.id", "0b8e4c1a-7f2d-4e39-a6b1-5c9d3e2f1a08"));
            point.Attributes.Add(Attr("terminal.type", "vscode"));
            point.Attributes.Add(Attr("model", "claude-sonnet-4-5"));
            point.Attributes.Add(Attr("type", types[i % types.Length]));
            sum.DataPoints.Add(point);
        }
        scope.Metrics.Add(new Metric { Name = name, Unit = "tokens", Sum = sum });
    }
    var request = new ExportMetricsServiceRequest();
    request.ResourceMetrics.Add(new ResourceMetrics { Resource = ClaudeResource(sequence), ScopeMetrics = { scope } });
    return request;
}

// OTLP JSON as the JS exporter writes it: lowerCamelCase, 64-bit integers as strings, hex ids. Google.Protobuf's
// formatter gives exactly that shape here (these messages carry no bytes fields).
static byte[] JsonBody(IMessage message) =>
    System.Text.Encoding.UTF8.GetBytes(new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(false)).Format(message));
