using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Trace;

namespace Leanmote.Infrastructure.Telemetry.Otlp;

/// <summary>The request-time verdict on a decoded request (otel.md §5.1–5.2).</summary>
/// <param name="ItemCount">log records, data points or spans in the request</param>
/// <param name="RejectedCount">items rejected one by one (partial success)</param>
/// <param name="Message">the partial-success <c>error_message</c>: reasons, first offending paths, warnings; null when clean</param>
public sealed record OtlpVerdict(int ItemCount, int RejectedCount, string? Message);

/// <summary>
/// The item-by-item rules of otel.md §5.2, shared by the request path (counts and message) and the
/// normalizer (which items to skip). Times are judged against the payload's <c>received_at</c>, so re-running
/// normalization over a stored payload reaches the same verdict.
/// </summary>
public static class OtlpRules
{
    public const int MaxAttributes = 128;
    private const ulong FutureSkewNanos = 24UL * 3600 * 1_000_000_000;
    private const uint NoRecordedValue = 1;

    public const string FutureReason = "is more than 24h in the future";

    public static ulong ToUnixNanos(DateTimeOffset instant) => (ulong)instant.ToUnixTimeMilliseconds() * 1_000_000UL;

    /// <summary>Why a log record is rejected, or null when it is kept.</summary>
    public static string? LogRecordRejection(LogRecord record, ulong receivedAtNanos)
    {
        var effective = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        return effective > receivedAtNanos + FutureSkewNanos ? FutureReason : null;
    }

    /// <summary>Why a data point of <paramref name="metric"/> is rejected, or null when it is kept.</summary>
    public static string? DataPointRejection(Metric metric, ulong timeUnixNano, ulong receivedAtNanos, IMessage point)
    {
        if (metric.Name.Length == 0) return "belongs to a metric with no name";
        var temporality = metric.DataCase switch
        {
            Metric.DataOneofCase.Sum => metric.Sum.AggregationTemporality,
            Metric.DataOneofCase.Histogram => metric.Histogram.AggregationTemporality,
            Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.AggregationTemporality,
            _ => AggregationTemporality.Delta,
        };
        if (temporality == AggregationTemporality.Unspecified) return "has aggregation temporality UNSPECIFIED";
        if (timeUnixNano == 0) return "has no timeUnixNano";
        if (timeUnixNano > receivedAtNanos + FutureSkewNanos) return FutureReason;
        switch (point)
        {
            case NumberDataPoint number when number.ValueCase == NumberDataPoint.ValueOneofCase.None && (number.Flags & NoRecordedValue) == 0:
                return "has no value";
            case HistogramDataPoint histogram when histogram.BucketCounts.Count > 0 && histogram.BucketCounts.Count != histogram.ExplicitBounds.Count + 1:
                return "has bucketCounts that is not explicitBounds + 1 long";
        }
        return null;
    }

    /// <summary>Why a span is rejected, or null when it is kept.</summary>
    public static string? SpanRejection(Span span)
    {
        if (!IsValidId(span.TraceId, 16)) return "has an invalid traceId (not 16 bytes, or all zero)";
        if (!IsValidId(span.SpanId, 8)) return "has an invalid spanId (not 8 bytes, or all zero)";
        if (span.EndTimeUnixNano < span.StartTimeUnixNano) return "ends before it starts";
        return null;
    }

    /// <summary>An id that is present must be exactly <paramref name="length"/> bytes and not all zero; absent (empty) is fine where ids are optional.</summary>
    public static bool IsValidOptionalId(ByteString id, int length) => id.Length == 0 || IsValidId(id, length);

    public static bool IsValidId(ByteString id, int length)
    {
        if (id.Length != length) return false;
        foreach (var b in id.Span)
        {
            if (b != 0) return true;
        }
        return false;
    }
}

/// <summary>Walks a decoded request once, applying <see cref="OtlpRules"/>, collecting reasons and warnings.</summary>
public static class OtlpValidator
{
    public static OtlpVerdict Validate(ExportLogsServiceRequest request, DateTimeOffset receivedAt)
    {
        var now = OtlpRules.ToUnixNanos(receivedAt);
        var report = new Report("log records");
        for (var r = 0; r < request.ResourceLogs.Count; r++)
        {
            var resourceLogs = request.ResourceLogs[r];
            var rPath = new PathRef("resourceLogs", r, null);
            if (resourceLogs.Resource is { } resource) report.CheckAttributes(resource.Attributes, rPath, "resource.attributes");
            for (var s = 0; s < resourceLogs.ScopeLogs.Count; s++)
            {
                var scopeLogs = resourceLogs.ScopeLogs[s];
                var sPath = new PathRef("scopeLogs", s, rPath);
                if (scopeLogs.Scope is { } scope) report.CheckAttributes(scope.Attributes, sPath, "scope.attributes");
                for (var i = 0; i < scopeLogs.LogRecords.Count; i++)
                {
                    var record = scopeLogs.LogRecords[i];
                    report.Items++;
                    var path = new PathRef("logRecords", i, sPath);
                    if (OtlpRules.LogRecordRejection(record, now) is { } reason)
                    {
                        report.Reject(reason, path);
                        continue;
                    }
                    if (!OtlpRules.IsValidOptionalId(record.TraceId, 16)) report.Warn("invalid traceId discarded", path, "traceId");
                    if (!OtlpRules.IsValidOptionalId(record.SpanId, 8)) report.Warn("invalid spanId discarded", path, "spanId");
                    report.CheckAttributes(record.Attributes, path, "attributes");
                    if (record.Body is { } body) report.CheckValue(body, path, "body");
                }
            }
        }
        return report.Verdict();
    }

    public static OtlpVerdict Validate(ExportMetricsServiceRequest request, DateTimeOffset receivedAt)
    {
        var now = OtlpRules.ToUnixNanos(receivedAt);
        var report = new Report("data points");
        for (var r = 0; r < request.ResourceMetrics.Count; r++)
        {
            var resourceMetrics = request.ResourceMetrics[r];
            var rPath = new PathRef("resourceMetrics", r, null);
            if (resourceMetrics.Resource is { } resource) report.CheckAttributes(resource.Attributes, rPath, "resource.attributes");
            for (var s = 0; s < resourceMetrics.ScopeMetrics.Count; s++)
            {
                var scopeMetrics = resourceMetrics.ScopeMetrics[s];
                var sPath = new PathRef("scopeMetrics", s, rPath);
                if (scopeMetrics.Scope is { } scope) report.CheckAttributes(scope.Attributes, sPath, "scope.attributes");
                for (var m = 0; m < scopeMetrics.Metrics.Count; m++)
                {
                    var metric = scopeMetrics.Metrics[m];
                    var mPath = new PathRef("metrics", m, sPath);
                    switch (metric.DataCase)
                    {
                        case Metric.DataOneofCase.Gauge:
                            Points(report, metric, metric.Gauge.DataPoints, new PathRef("gauge.dataPoints", -1, mPath), now, p => p.TimeUnixNano, p => p.Attributes, p => p.Exemplars);
                            break;
                        case Metric.DataOneofCase.Sum:
                            Points(report, metric, metric.Sum.DataPoints, new PathRef("sum.dataPoints", -1, mPath), now, p => p.TimeUnixNano, p => p.Attributes, p => p.Exemplars);
                            break;
                        case Metric.DataOneofCase.Histogram:
                            Points(report, metric, metric.Histogram.DataPoints, new PathRef("histogram.dataPoints", -1, mPath), now, p => p.TimeUnixNano, p => p.Attributes, p => p.Exemplars);
                            break;
                        case Metric.DataOneofCase.ExponentialHistogram:
                            Points(report, metric, metric.ExponentialHistogram.DataPoints, new PathRef("exponentialHistogram.dataPoints", -1, mPath), now, p => p.TimeUnixNano, p => p.Attributes, p => p.Exemplars);
                            break;
                        case Metric.DataOneofCase.Summary:
                            Points(report, metric, metric.Summary.DataPoints, new PathRef("summary.dataPoints", -1, mPath), now, p => p.TimeUnixNano, p => p.Attributes, null);
                            break;
                    }
                }
            }
        }
        return report.Verdict();
    }

    private static void Points<T>(Report report, Metric metric, RepeatedField<T> points, PathRef listPath, ulong now,
        Func<T, ulong> time, Func<T, RepeatedField<KeyValue>> attributes, Func<T, RepeatedField<Exemplar>>? exemplars) where T : IMessage
    {
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            report.Items++;
            var path = new PathRef(listPath.Name, i, listPath.Parent);
            if (OtlpRules.DataPointRejection(metric, time(point), now, point) is { } reason)
            {
                report.Reject(reason, path);
                continue;
            }
            report.CheckAttributes(attributes(point), path, "attributes");
            if (exemplars is null) continue;
            var list = exemplars(point);
            for (var e = 0; e < list.Count; e++)
            {
                var exemplar = list[e];
                if (!OtlpRules.IsValidOptionalId(exemplar.TraceId, 16) || !OtlpRules.IsValidOptionalId(exemplar.SpanId, 8))
                    report.Warn("invalid exemplar ids discarded", path, $"exemplars[{e}]");
            }
        }
    }

    public static OtlpVerdict Validate(ExportTraceServiceRequest request, DateTimeOffset receivedAt)
    {
        _ = receivedAt;
        var report = new Report("spans");
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            var rPath = new PathRef("resourceSpans", r, null);
            if (resourceSpans.Resource is { } resource) report.CheckAttributes(resource.Attributes, rPath, "resource.attributes");
            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var scopeSpans = resourceSpans.ScopeSpans[s];
                var sPath = new PathRef("scopeSpans", s, rPath);
                if (scopeSpans.Scope is { } scope) report.CheckAttributes(scope.Attributes, sPath, "scope.attributes");
                for (var i = 0; i < scopeSpans.Spans.Count; i++)
                {
                    var span = scopeSpans.Spans[i];
                    report.Items++;
                    var path = new PathRef("spans", i, sPath);
                    if (OtlpRules.SpanRejection(span) is { } reason)
                    {
                        report.Reject(reason, path);
                        continue;
                    }
                    report.CheckAttributes(span.Attributes, path, "attributes");
                    for (var l = 0; l < span.Links.Count; l++)
                    {
                        var link = span.Links[l];
                        if (!OtlpRules.IsValidId(link.TraceId, 16) || !OtlpRules.IsValidId(link.SpanId, 8))
                            report.Warn("invalid link ids discarded", path, $"links[{l}]");
                    }
                }
            }
        }
        return report.Verdict();
    }

    /// <summary>A path built only when a message names it: <c>name[index]</c> under a parent.</summary>
    private sealed record PathRef(string Name, int Index, PathRef? Parent)
    {
        public override string ToString()
        {
            var self = Index >= 0 ? $"{Name}[{Index.ToString(CultureInfo.InvariantCulture)}]" : Name;
            return Parent is null ? self : $"{Parent}.{self}";
        }
    }

    private sealed class Report(string itemsName)
    {
        private const int MaxMessageBytes = 1024;
        private const int PathsPerReason = 3;
        private readonly List<(string Reason, int Count, List<string> Paths)> _rejections = [];
        private readonly List<(string Reason, int Count, List<string> Paths)> _warnings = [];

        public int Items { get; set; }
        private int Rejected { get; set; }

        public void Reject(string reason, PathRef path)
        {
            Rejected++;
            Add(_rejections, reason, path.ToString());
        }

        public void Warn(string reason, PathRef path, string field) => Add(_warnings, reason, $"{path}.{field}");

        public void CheckAttributes(RepeatedField<KeyValue> attributes, PathRef path, string field)
        {
            if (attributes.Count > OtlpRules.MaxAttributes)
                Warn($"more than {OtlpRules.MaxAttributes} attributes, the extra ones are dropped", path, field);
            foreach (var attribute in attributes)
            {
                if (attribute.KeyStrindex != 0 || (attribute.Value is { } value && HasStrindex(value)))
                {
                    Warn("profile-only fields (keyStrindex/stringValueStrindex) ignored", path, field);
                    return;
                }
            }
        }

        public void CheckValue(AnyValue value, PathRef path, string field)
        {
            if (HasStrindex(value)) Warn("profile-only fields (keyStrindex/stringValueStrindex) ignored", path, field);
        }

        private static bool HasStrindex(AnyValue value) => value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValueStrindex => true,
            AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Any(HasStrindex),
            AnyValue.ValueOneofCase.KvlistValue => value.KvlistValue.Values.Any(kv => kv.KeyStrindex != 0 || (kv.Value is { } v && HasStrindex(v))),
            _ => false,
        };

        private static void Add(List<(string Reason, int Count, List<string> Paths)> list, string reason, string path)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Reason != reason) continue;
                if (list[i].Paths.Count < PathsPerReason) list[i].Paths.Add(path);
                list[i] = (reason, list[i].Count + 1, list[i].Paths);
                return;
            }
            list.Add((reason, 1, [path]));
        }

        public OtlpVerdict Verdict()
        {
            if (_rejections.Count == 0 && _warnings.Count == 0) return new OtlpVerdict(Items, 0, null);
            var text = new StringBuilder();
            if (Rejected > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Rejected} of {Items} {itemsName} rejected: ");
                Append(text, _rejections);
                text.Append(CultureInfo.InvariantCulture, $". Rejected {itemsName} are not stored; resending them will not help.");
            }
            if (_warnings.Count > 0)
            {
                if (text.Length > 0) text.Append(' ');
                text.Append("Accepted with warnings: ");
                Append(text, _warnings);
                text.Append('.');
            }
            return new OtlpVerdict(Items, Rejected, Clip(text.ToString()));
        }

        private static void Append(StringBuilder text, List<(string Reason, int Count, List<string> Paths)> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var (reason, count, paths) = list[i];
                if (i > 0) text.Append("; ");
                text.Append(CultureInfo.InvariantCulture, $"{count} {reason} (").Append(string.Join(", ", paths));
                if (count > paths.Count) text.Append(", …");
                text.Append(')');
            }
        }

        private static string Clip(string message)
        {
            if (Encoding.UTF8.GetByteCount(message) <= MaxMessageBytes) return message;
            var cut = message.Length;
            while (Encoding.UTF8.GetByteCount(message.AsSpan(0, cut)) > MaxMessageBytes - 3) cut -= 16;
            return message[..Math.Max(0, cut)] + "…";
        }
    }
}
