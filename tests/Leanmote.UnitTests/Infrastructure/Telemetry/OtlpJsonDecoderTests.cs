using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Otlp;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Trace;
using NUnit.Framework;

namespace Leanmote.UnitTests.Infrastructure.Telemetry;

/// <summary>The OTLP JSON decoder (otel.md §3.3) against the canonical proto3 JSON of every field type, and the hex-id rule.</summary>
[TestFixture]
public sealed class OtlpJsonDecoderTests
{
    private static readonly JsonFormatter Canonical = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    private static ExportMetricsServiceRequest EveryMetricKind()
    {
        var attributes = new[]
        {
            new KeyValue { Key = "s", Value = new AnyValue { StringValue = "text ✓" } },
            new KeyValue { Key = "b", Value = new AnyValue { BoolValue = true } },
            new KeyValue { Key = "i", Value = new AnyValue { IntValue = long.MinValue } },
            new KeyValue { Key = "d", Value = new AnyValue { DoubleValue = -1.5e-300 } },
            new KeyValue { Key = "bytes", Value = new AnyValue { BytesValue = ByteString.CopyFrom(0, 255, 7) } },
            new KeyValue { Key = "a", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue() } } } },
            new KeyValue { Key = "kv", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "x", Value = new AnyValue { StringValue = "y" } } } } } },
        };
        var number = new NumberDataPoint { StartTimeUnixNano = ulong.MaxValue, TimeUnixNano = 1767225600000000000, AsInt = long.MinValue, Flags = 1 };
        number.Attributes.AddRange(attributes);
        var histogram = new HistogramDataPoint { TimeUnixNano = 2, Count = 6, Sum = 12.5, Min = 0.5, Max = 9, BucketCounts = { 1, 2, 3 }, ExplicitBounds = { 1, 5 } };
        var exponential = new ExponentialHistogramDataPoint
        {
            TimeUnixNano = 3, Count = 4, Scale = -3, ZeroCount = 1, ZeroThreshold = 0.001,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -2, BucketCounts = { 1, 2 } },
            Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 5, BucketCounts = { 1 } },
        };
        var summary = new SummaryDataPoint { TimeUnixNano = 4, Count = 2, Sum = 3, QuantileValues = { new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 2.5 } } };
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "m", Version = "1", DroppedAttributesCount = 3 }, SchemaUrl = "https://opentelemetry.io/schemas/1.26.0" };
        scope.Metrics.Add(new Metric { Name = "gauge", Unit = "1", Description = "d", Gauge = new Gauge { DataPoints = { new NumberDataPoint { TimeUnixNano = 1, AsDouble = double.NaN } } } });
        scope.Metrics.Add(new Metric { Name = "sum", Sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true, DataPoints = { number } } });
        scope.Metrics.Add(new Metric { Name = "histogram", Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta, DataPoints = { histogram } } });
        scope.Metrics.Add(new Metric { Name = "exp", ExponentialHistogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Delta, DataPoints = { exponential } } });
        scope.Metrics.Add(new Metric { Name = "summary", Summary = new Summary { DataPoints = { summary } } });
        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { scope } } } };
    }

    [Test]
    public void CanonicalProto3Json_OfEveryMetricKind_RoundTrips()
    {
        var original = EveryMetricKind();
        var json = System.Text.Encoding.UTF8.GetBytes(Canonical.Format(original));

        var decoded = OtlpJsonDecoder.Parse<ExportMetricsServiceRequest>(json);

        Assert.That(decoded, Is.EqualTo(original));
    }

    [Test]
    public void SnakeCaseNames_DecodeLikeCamelCase()
    {
        var camel = OtlpJsonDecoder.Parse<ExportLogsServiceRequest>("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"5","severityNumber":9,"observedTimeUnixNano":6,"droppedAttributesCount":2,"eventName":"e"}]}]}]}"""u8);
        var snake = OtlpJsonDecoder.Parse<ExportLogsServiceRequest>("""{"resource_logs":[{"scope_logs":[{"log_records":[{"time_unix_nano":"5","severity_number":"SEVERITY_NUMBER_INFO","observed_time_unix_nano":"6","dropped_attributes_count":"2","event_name":"e"}]}]}]}"""u8);

        Assert.That(snake, Is.EqualTo(camel));
        Assert.That(camel.ResourceLogs[0].ScopeLogs[0].LogRecords[0].SeverityNumber, Is.EqualTo(SeverityNumber.Info));
    }

    [Test]
    public void TraceAndSpanIds_AreHex_OnSpansLinksLogRecordsAndExemplars()
    {
        var spans = OtlpJsonDecoder.Parse<ExportTraceServiceRequest>("""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090A0B0C0D0E0F10","spanId":"1112131415161718","parentSpanId":"",
              "links":[{"traceId":"ffffffffffffffffffffffffffffffff","spanId":"0000000000000001"}]}]}]}]}
            """u8);
        var exemplar = OtlpJsonDecoder.Parse<ExportMetricsServiceRequest>("""
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","gauge":{"dataPoints":[{"timeUnixNano":"1","asInt":"3","exemplars":[{"traceId":"aa000000000000000000000000000000","spanId":"bb00000000000000","asDouble":1}]}]}}]}]}]}
            """u8);

        var span = spans.ResourceSpans[0].ScopeSpans[0].Spans[0];
        var point = exemplar.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Gauge.DataPoints[0];
        Assert.Multiple(() =>
        {
            Assert.That(span.TraceId.ToByteArray(), Is.EqualTo(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()));
            Assert.That(span.SpanId.ToByteArray(), Is.EqualTo(Enumerable.Range(0x11, 8).Select(i => (byte)i).ToArray()));
            Assert.That(span.ParentSpanId.IsEmpty, Is.True, "empty string = absent");
            Assert.That(span.Links[0].SpanId.ToByteArray()[^1], Is.EqualTo(1));
            Assert.That(point.AsInt, Is.EqualTo(3));
            Assert.That(point.Exemplars[0].TraceId[0], Is.EqualTo(0xAA));
            Assert.That(point.Exemplars[0].SpanId[0], Is.EqualTo(0xBB));
        });
    }

    [TestCase("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"xyz0000000000000"}]}]}]}""", "resourceSpans[0].scopeSpans[0].spans[0].spanId")]
    [TestCase("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SPAN_KIND_SIDEWAYS"}]}]}]}""", "resourceSpans[0].scopeSpans[0].spans[0].kind")]
    [TestCase("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"droppedAttributesCount":4294967296}]}]}]}""", "resourceSpans[0].scopeSpans[0].spans[0].droppedAttributesCount")]
    [TestCase("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a"},null]}]}]}""", "resourceSpans[0].scopeSpans[0].spans[1]")]
    [TestCase("""{"resourceSpans":{"scopeSpans":[]}}""", "resourceSpans")]
    [TestCase("""{"resourceSpans":[],"resourceSpans":[]}""", "resourceSpans")]
    public void BadValues_NameTheirPath(string json, string path)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => OtlpJsonDecoder.Parse<ExportTraceServiceRequest>(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.That(error!.Field, Is.EqualTo(path));
    }

    [Test]
    public void Validator_JudgesTimesAgainstReceivedAt_SoReplaysAgree()
    {
        var receivedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var at = (ulong)receivedAt.AddHours(23).ToUnixTimeMilliseconds() * 1_000_000UL;
        var request = OtlpJsonDecoder.Parse<ExportLogsServiceRequest>(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"{{at}}"},{"timeUnixNano":"{{at + 2UL * 3_600_000_000_000UL}}"},{}]}]}]}"""));

        var verdict = OtlpValidator.Validate(request, receivedAt);
        var later = OtlpValidator.Validate(request, receivedAt.AddDays(1));

        Assert.That((verdict.ItemCount, verdict.RejectedCount), Is.EqualTo((3, 1)));
        Assert.That(later.RejectedCount, Is.Zero);
    }
}
