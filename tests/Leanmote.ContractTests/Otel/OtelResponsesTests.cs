using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Trace;

namespace Leanmote.ContractTests.Otel;

/// <summary>otel.md §5.1–§5.2, §6.2, §7.1: 200 only after the commit, partial success item by item, duplicates stored once.</summary>
[TestFixture]
public sealed class OtelResponsesTests : OtelTest
{
    private static NumberDataPoint Point(long? asInt = null, double? asDouble = null, TimeSpan offset = default, uint flags = 0)
    {
        var point = new NumberDataPoint { TimeUnixNano = (ulong)NowNanos(offset), StartTimeUnixNano = (ulong)NowNanos(TimeSpan.FromMinutes(-1)), Flags = flags };
        if (asInt is { } i) point.AsInt = i;
        if (asDouble is { } d) point.AsDouble = d;
        return point;
    }

    private static ExportMetricsServiceRequest Metrics(params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code" } };
        scope.Metrics.AddRange(metrics);
        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { scope } } } };
    }

    private static Metric DeltaSum(string name, params NumberDataPoint[] points)
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true };
        sum.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = "tokens", Sum = sum };
    }

    [Test]
    public async Task Accepted_IsStoredPending_WithTheRequestsMetadata()
    {
        var body = Bytes(Logs(5, "stored"));

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, body, OtlpHttp.Protobuf,
            configure: r => r.Headers.TryAddWithoutValidation("User-Agent", "OTel-OTLP-Exporter-Dotnet/1.20.1"));

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var id = response.Header("X-Request-Id")!;
        async Task<object?> Column(string column) => await Target.Host!.SqlAsync($"SELECT {column} FROM otel_raw_payloads WHERE request_id = @r", ("r", id));
        Assert.Multiple(async () =>
        {
            // stored pending; the hosted normalizer (woken at commit) may already have taken it
            Assert.That(await Column("status"), Is.AnyOf("pending", "normalized"));
            Assert.That(await Column("signal"), Is.EqualTo("logs"));
            Assert.That(await Column("encoding"), Is.EqualTo("protobuf"));
            Assert.That(await Column("content_encoding"), Is.EqualTo("identity"));
            Assert.That(await Column("item_count"), Is.EqualTo(5));
            Assert.That(await Column("rejected_count"), Is.EqualTo(0));
            Assert.That(await Column("body_bytes"), Is.EqualTo((long)body.Length));
            Assert.That(await Column("wire_bytes"), Is.EqualTo((long)body.Length));
            Assert.That(await Column("attempts"), Is.AnyOf(0, 1));
            Assert.That(await Column("payload_sha256"), Is.EqualTo(System.Security.Cryptography.SHA256.HashData(body)));
            Assert.That(await Column("user_agent"), Is.EqualTo("OTel-OTLP-Exporter-Dotnet/1.20.1"));
            Assert.That(await Column("organization_id"), Is.EqualTo(Data.Acme.Id));
        });
    }

    [Test]
    public async Task SameBodyTwice_BothAre200_StoredOnce()
    {
        var body = Bytes(Logs(2, "duplicate-" + Guid.NewGuid()));

        var first = await Otlp.PostAsync("/otel/v1/logs", IngestToken, body, OtlpHttp.Protobuf);
        var second = await Otlp.PostAsync("/otel/v1/logs", IngestToken, OtlpHttp.Gzip(body), OtlpHttp.Protobuf, "gzip");

        Assert.Multiple(async () =>
        {
            Assert.That(first.Status, Is.EqualTo(200), first.ToString());
            Assert.That(second.Status, Is.EqualTo(200), second.ToString());
            Assert.That(second.Body, Is.EqualTo(first.Body), "the same answer as for the first copy");
            Assert.That(await CountPayloadsAsync(first.Header("X-Request-Id")!), Is.EqualTo(1));
            Assert.That(await CountPayloadsAsync(second.Header("X-Request-Id")!), Is.Zero, "the resend is not stored again");
            Assert.That(await Target.Host!.SqlAsync("SELECT count(*) FROM otel_payload_digests WHERE payload_sha256 = @h",
                ("h", System.Security.Cryptography.SHA256.HashData(body))), Is.EqualTo(1L));
        });
    }

    [Test]
    public async Task SameBodyAsAnotherSignal_IsNotADuplicate()
    {
        var first = await Otlp.PostAsync("/otel/v1/metrics", IngestToken, [0x0A, 0x00], OtlpHttp.Protobuf);
        var second = await Otlp.PostAsync("/otel/v1/traces", IngestToken, [0x0A, 0x00], OtlpHttp.Protobuf);

        Assert.That(await CountPayloadsAsync(first.Header("X-Request-Id")!) + await CountPayloadsAsync(second.Header("X-Request-Id")!), Is.GreaterThanOrEqualTo(1));
        Assert.That(await CountPayloadsAsync(second.Header("X-Request-Id")!), Is.EqualTo(1), "digests are per signal");
    }

    [Test]
    public async Task FutureLogRecord_IsRejectedItemByItem_Protobuf()
    {
        var request = Logs(3, "future");
        request.ResourceLogs[0].ScopeLogs[0].LogRecords[1].TimeUnixNano = (ulong)NowNanos(TimeSpan.FromHours(25));
        var observedOnly = request.ResourceLogs[0].ScopeLogs[0].LogRecords[2];
        observedOnly.TimeUnixNano = 0;
        observedOnly.ObservedTimeUnixNano = (ulong)NowNanos(TimeSpan.FromHours(1));

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, request.ToByteArray(), OtlpHttp.Protobuf);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var partial = ExportLogsServiceResponse.Parser.ParseFrom(response.Body).PartialSuccess;
        Assert.Multiple(async () =>
        {
            Assert.That(partial.RejectedLogRecords, Is.EqualTo(1));
            Assert.That(partial.ErrorMessage, Does.StartWith("1 of 3 log records rejected: 1 is more than 24h in the future (resourceLogs[0].scopeLogs[0].logRecords[1])"));
            Assert.That(partial.ErrorMessage, Does.Contain("not stored"));
            Assert.That(await Target.Host!.SqlAsync("SELECT rejected_count FROM otel_raw_payloads WHERE request_id = @r", ("r", response.Header("X-Request-Id")!)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task DataPoints_AreRejectedForEachReasonOfTheContract()
    {
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        histogram.DataPoints.Add(new HistogramDataPoint { TimeUnixNano = (ulong)NowNanos(), Count = 3, BucketCounts = { 1, 2 }, ExplicitBounds = { 1, 5 } });
        histogram.DataPoints.Add(new HistogramDataPoint { TimeUnixNano = (ulong)NowNanos(), Count = 3, BucketCounts = { 1, 2, 0 }, ExplicitBounds = { 1, 5 } });
        var unspecified = new Sum { AggregationTemporality = AggregationTemporality.Unspecified, DataPoints = { Point(asInt: 1) } };
        var request = Metrics(
            DeltaSum("claude_code.token.usage", Point(asDouble: 10), Point(), Point(flags: 1), Point(asInt: 2, offset: TimeSpan.FromDays(2))),
            new Metric { Name = "no_time", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsInt = 4 } } } },
            new Metric { Name = "", Gauge = new Gauge { DataPoints = { Point(asInt: 1) } } },
            new Metric { Name = "claude_code.old_style", Sum = unspecified },
            new Metric { Name = "latency", Histogram = histogram },
            new Metric { Name = "no_data_member" });

        var response = await Otlp.PostAsync("/otel/v1/metrics", IngestToken, request.ToByteArray(), OtlpHttp.Protobuf);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var partial = ExportMetricsServiceResponse.Parser.ParseFrom(response.Body).PartialSuccess;
        Assert.Multiple(() =>
        {
            Assert.That(partial.RejectedDataPoints, Is.EqualTo(6), partial.ErrorMessage);
            Assert.That(partial.ErrorMessage, Does.StartWith("6 of 9 data points rejected:"));
            Assert.That(partial.ErrorMessage, Does.Contain("1 has no value (resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[1])"));
            Assert.That(partial.ErrorMessage, Does.Contain("is more than 24h in the future (resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[3])"));
            Assert.That(partial.ErrorMessage, Does.Contain("has no timeUnixNano (resourceMetrics[0].scopeMetrics[0].metrics[1].gauge.dataPoints[0])"));
            Assert.That(partial.ErrorMessage, Does.Contain("belongs to a metric with no name"));
            Assert.That(partial.ErrorMessage, Does.Contain("has aggregation temporality UNSPECIFIED"));
            Assert.That(partial.ErrorMessage, Does.Contain("has bucketCounts that is not explicitBounds + 1 long (resourceMetrics[0].scopeMetrics[0].metrics[4].histogram.dataPoints[0])"));
            Assert.That(System.Text.Encoding.UTF8.GetByteCount(partial.ErrorMessage), Is.LessThanOrEqualTo(1024));
        });
    }

    [Test]
    public async Task Spans_AreRejectedForBadIdsAndEndBeforeStart_Json()
    {
        var json = """
            { "resourceSpans": [ { "scopeSpans": [ { "spans": [
              { "traceId": "00000000000000000000000000000000", "spanId": "eee19b7ec3c1b174", "startTimeUnixNano": "1", "endTimeUnixNano": "2" },
              { "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b1", "startTimeUnixNano": "1", "endTimeUnixNano": "2" },
              { "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "startTimeUnixNano": "9", "endTimeUnixNano": "2" },
              { "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b175", "startTimeUnixNano": "1", "endTimeUnixNano": "2" } ] } ] } ] }
            """;

        var response = await Otlp.PostJsonAsync("/otel/v1/traces", IngestToken, json);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var partial = response.Json.GetProperty("partialSuccess");
        Assert.Multiple(() =>
        {
            Assert.That(partial.GetProperty("rejectedSpans").GetString(), Is.EqualTo("3"));
            Assert.That(partial.GetProperty("errorMessage").GetString(), Does.Contain("invalid traceId").And.Contain("invalid spanId").And.Contain("ends before it starts"));
        });
    }

    [Test]
    public async Task InvalidIdsOnLogRecordsAndLinks_AreWarningsOnly()
    {
        var request = Logs(2, "warn-ids");
        request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].TraceId = ByteString.CopyFrom(1, 2, 3);
        var traces = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { new Span
        {
            TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()),
            SpanId = ByteString.CopyFrom(Enumerable.Range(1, 8).Select(i => (byte)i).ToArray()),
            StartTimeUnixNano = 1, EndTimeUnixNano = 2,
            Links = { new Span.Types.Link { TraceId = ByteString.CopyFrom(0, 0), SpanId = ByteString.CopyFrom(1, 1, 1, 1, 1, 1, 1, 1) } },
        } } } } } } };

        var logs = await Otlp.PostAsync("/otel/v1/logs", IngestToken, request.ToByteArray(), OtlpHttp.Protobuf);
        var spans = await Otlp.PostAsync("/otel/v1/traces", IngestToken, traces.ToByteArray(), OtlpHttp.Protobuf);

        var logsPartial = ExportLogsServiceResponse.Parser.ParseFrom(logs.Body).PartialSuccess;
        var spansPartial = ExportTraceServiceResponse.Parser.ParseFrom(spans.Body).PartialSuccess;
        Assert.Multiple(() =>
        {
            Assert.That(logsPartial.RejectedLogRecords, Is.Zero);
            Assert.That(logsPartial.ErrorMessage, Does.Contain("invalid traceId discarded (resourceLogs[0].scopeLogs[0].logRecords[0].traceId)"));
            Assert.That(spansPartial.RejectedSpans, Is.Zero);
            Assert.That(spansPartial.ErrorMessage, Does.Contain("invalid link ids discarded"));
        });
    }

    [Test]
    public async Task TooManyAttributes_AndProfileOnlyFields_AreWarnings()
    {
        var request = Logs(1, "attrs");
        var record = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        for (var i = 0; i < 130; i++) record.Attributes.Add(new KeyValue { Key = "k" + i, Value = new AnyValue { IntValue = i } });
        request.ResourceLogs[0].Resource.Attributes.Add(new KeyValue { KeyStrindex = 4, Value = new AnyValue { StringValueStrindex = 2 } });

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, request.ToByteArray(), OtlpHttp.Protobuf);

        var partial = ExportLogsServiceResponse.Parser.ParseFrom(response.Body).PartialSuccess;
        Assert.Multiple(() =>
        {
            Assert.That(partial.RejectedLogRecords, Is.Zero);
            Assert.That(partial.ErrorMessage, Does.Contain("more than 128 attributes"));
            Assert.That(partial.ErrorMessage, Does.Contain("profile-only fields"));
        });
    }
}
