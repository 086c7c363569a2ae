using System.Text;
using System.Text.Json;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Trace;
using ProtoResource = Leanmote.Infrastructure.Telemetry.Otlp.Resource.Resource;

namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>
/// Turns one decoded OTLP request into normalized rows (otel.md §7.3) and Claude Code facts (§7.4). Pure: no I/O.
/// Items the request path rejected (§5.2) are skipped by the same rules, judged against the receive time, so the
/// facts cover exactly what the client was told was accepted.
/// </summary>
internal static class PayloadMapper
{
    private static readonly ulong FutureSkewNanos = (ulong)TimeSpan.FromHours(24).Ticks * 100;

    public static NormalisedBatch Map(ExportLogsServiceRequest request, DateTime receivedAt)
    {
        var batch = new NormalisedBatch();
        var receivedNanos = UnixNanos(receivedAt);
        foreach (var rl in request.ResourceLogs)
        {
            var (resource, resourceHash) = AddResource(batch, rl.Resource);
            foreach (var sl in rl.ScopeLogs)
            {
                var scopeName = sl.Scope?.Name ?? "";
                var scopeVersion = string.IsNullOrEmpty(sl.Scope?.Version) ? null : sl.Scope!.Version;
                var claude = ClaudeCode.Recognise(resource, scopeName);
                foreach (var record in sl.LogRecords)
                {
                    var effective = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                    if (effective != 0 && effective > receivedNanos + FutureSkewNanos) continue;
                    var attributes = Attributes.From(record.Attributes);
                    var body = Attributes.Convert(record.Body, 0);
                    var bodyJson = Attributes.ValueToJson(body);
                    var eventName = claude
                        ? ClaudeCode.EventName(NullIfEmpty(record.EventName), body, attributes)
                        : NullIfEmpty(record.EventName) ?? attributes.NonEmpty("event.name");
                    var occurredAt = effective != 0 ? Otlp.ToUtc(effective) : receivedAt;
                    var timeNanos = effective != 0 ? (long)effective : (long)receivedNanos;
                    var traceId = Otlp.Id(record.TraceId, 16);
                    var spanId = Otlp.Id(record.SpanId, 8);
                    var fullJson = attributes.ToJson();
                    var attributesJson = claude && ContainsContent(attributes) ? attributes.ToJson(ClaudeCode.ContentAttributes) : fullJson;
                    var source = claude ? ClaudeCode.Source : "otel";
                    var identity = IdentityRef.From(source, attributes, resource);
                    var sessionId = attributes.NonEmpty("session.id") ?? resource.NonEmpty("session.id");

                    using var hash = Hashing.Start();
                    hash.AppendData(resourceHash);
                    Hashing.Add(hash, scopeName);
                    Hashing.Add(hash, (long)record.TimeUnixNano);
                    Hashing.Add(hash, (long)record.ObservedTimeUnixNano);
                    Hashing.Add(hash, (long)record.SeverityNumber);
                    Hashing.Add(hash, eventName);
                    Hashing.Add(hash, bodyJson);
                    Hashing.Add(hash, fullJson);
                    Hashing.Add(hash, traceId ?? []);
                    Hashing.Add(hash, spanId ?? []);
                    if (claude && !(body is string text && text.StartsWith("claude_code.", StringComparison.Ordinal)))
                        bodyJson = null; // any other body of a Claude Code record may be content (§7.4): not copied

                    batch.Logs.Add(new LogRow
                    {
                        RecordHash = Hashing.Finish(hash),
                        ResourceHash = resourceHash,
                        ScopeName = scopeName,
                        ScopeVersion = scopeVersion,
                        OccurredAt = occurredAt,
                        TimeUnixNano = timeNanos,
                        ObservedAt = record.ObservedTimeUnixNano != 0 ? Otlp.ToUtc(record.ObservedTimeUnixNano) : null,
                        SeverityNumber = (int)record.SeverityNumber,
                        SeverityText = NullIfEmpty(record.SeverityText),
                        EventName = eventName,
                        BodyJson = bodyJson,
                        AttributesJson = attributesJson,
                        TraceId = traceId,
                        SpanId = spanId,
                        Flags = (int)record.Flags,
                        DroppedAttributesCount = (int)record.DroppedAttributesCount + attributes.Dropped,
                        Identity = identity,
                        SessionId = sessionId,
                    });

                    if (claude && eventName is not null && eventName.StartsWith("claude_code.", StringComparison.Ordinal))
                    {
                        var ev = ClaudeCode.Event(eventName, timeNanos, occurredAt, attributes, attributesJson, identity, sessionId);
                        batch.AiEvents.Add(ev);
                        if (sessionId is not null)
                            batch.TouchSession(ClaudeCode.Source, sessionId, identity, occurredAt, attributes, resource, ev.Model);
                    }
                }
            }
        }
        return batch;
    }

    public static NormalisedBatch Map(ExportMetricsServiceRequest request, DateTime receivedAt)
    {
        var batch = new NormalisedBatch();
        var receivedNanos = UnixNanos(receivedAt);
        foreach (var rm in request.ResourceMetrics)
        {
            var (resource, resourceHash) = AddResource(batch, rm.Resource);
            var resourceJson = resource.ToJson();
            foreach (var sm in rm.ScopeMetrics)
            {
                var scopeName = sm.Scope?.Name ?? "";
                var claude = ClaudeCode.Recognise(resource, scopeName);
                foreach (var metric in sm.Metrics)
                {
                    if (string.IsNullOrEmpty(metric.Name)) continue;
                    switch (metric.DataCase)
                    {
                        case Metric.DataOneofCase.Gauge:
                            foreach (var p in metric.Gauge.DataPoints)
                                AddNumberPoint(batch, p, metric, "gauge", null, null, resourceHash, resourceJson, resource, scopeName, claude, receivedNanos);
                            break;
                        case Metric.DataOneofCase.Sum:
                            if (metric.Sum.AggregationTemporality == AggregationTemporality.Unspecified) break;
                            foreach (var p in metric.Sum.DataPoints)
                                AddNumberPoint(batch, p, metric, "sum", Temporality(metric.Sum.AggregationTemporality), metric.Sum.IsMonotonic,
                                    resourceHash, resourceJson, resource, scopeName, claude, receivedNanos);
                            break;
                        case Metric.DataOneofCase.Histogram:
                            if (metric.Histogram.AggregationTemporality == AggregationTemporality.Unspecified) break;
                            foreach (var p in metric.Histogram.DataPoints)
                            {
                                if (!TimeOk(p.TimeUnixNano, receivedNanos)) continue;
                                if (p.BucketCounts.Count != 0 && p.BucketCounts.Count != p.ExplicitBounds.Count + 1) continue;
                                var attributes = Attributes.From(p.Attributes);
                                var series = AddSeries(batch, metric, "histogram", Temporality(metric.Histogram.AggregationTemporality), null,
                                    resourceHash, resourceJson, resource, scopeName, attributes, claude);
                                batch.Points.Add(new PointRow
                                {
                                    Series = series,
                                    StartTimeUnixNano = (long)p.StartTimeUnixNano,
                                    TimeUnixNano = (long)p.TimeUnixNano,
                                    PointAt = Otlp.ToUtc(p.TimeUnixNano),
                                    Count = (long)p.Count,
                                    Sum = p.HasSum ? p.Sum : null,
                                    Min = p.HasMin ? p.Min : null,
                                    Max = p.HasMax ? p.Max : null,
                                    BucketCounts = [.. p.BucketCounts.Select(c => (long)c)],
                                    ExplicitBounds = [.. p.ExplicitBounds],
                                    Flags = (int)p.Flags,
                                    ExemplarsJson = Exemplars(p.Exemplars),
                                });
                            }
                            break;
                        case Metric.DataOneofCase.ExponentialHistogram:
                            if (metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Unspecified) break;
                            foreach (var p in metric.ExponentialHistogram.DataPoints)
                            {
                                if (!TimeOk(p.TimeUnixNano, receivedNanos)) continue;
                                var attributes = Attributes.From(p.Attributes);
                                var series = AddSeries(batch, metric, "exponential_histogram", Temporality(metric.ExponentialHistogram.AggregationTemporality),
                                    null, resourceHash, resourceJson, resource, scopeName, attributes, claude);
                                batch.Points.Add(new PointRow
                                {
                                    Series = series,
                                    StartTimeUnixNano = (long)p.StartTimeUnixNano,
                                    TimeUnixNano = (long)p.TimeUnixNano,
                                    PointAt = Otlp.ToUtc(p.TimeUnixNano),
                                    Count = (long)p.Count,
                                    Sum = p.HasSum ? p.Sum : null,
                                    Min = p.HasMin ? p.Min : null,
                                    Max = p.HasMax ? p.Max : null,
                                    Scale = p.Scale,
                                    ZeroCount = (long)p.ZeroCount,
                                    ZeroThreshold = p.ZeroThreshold,
                                    PositiveOffset = p.Positive?.Offset,
                                    PositiveCounts = p.Positive is null ? null : [.. p.Positive.BucketCounts.Select(c => (long)c)],
                                    NegativeOffset = p.Negative?.Offset,
                                    NegativeCounts = p.Negative is null ? null : [.. p.Negative.BucketCounts.Select(c => (long)c)],
                                    Flags = (int)p.Flags,
                                    ExemplarsJson = Exemplars(p.Exemplars),
                                });
                            }
                            break;
                        case Metric.DataOneofCase.Summary:
                            foreach (var p in metric.Summary.DataPoints)
                            {
                                if (!TimeOk(p.TimeUnixNano, receivedNanos)) continue;
                                var attributes = Attributes.From(p.Attributes);
                                var series = AddSeries(batch, metric, "summary", null, null, resourceHash, resourceJson, resource, scopeName, attributes, claude);
                                batch.Points.Add(new PointRow
                                {
                                    Series = series,
                                    StartTimeUnixNano = (long)p.StartTimeUnixNano,
                                    TimeUnixNano = (long)p.TimeUnixNano,
                                    PointAt = Otlp.ToUtc(p.TimeUnixNano),
                                    Count = (long)p.Count,
                                    Sum = p.Sum,
                                    QuantilesJson = JsonSerializer.Serialize(p.QuantileValues.Select(q => new { quantile = Finite(q.Quantile), value = Finite(q.Value) })),
                                    Flags = (int)p.Flags,
                                });
                            }
                            break;
                    }
                }
            }
        }
        return batch;
    }

    public static NormalisedBatch Map(ExportTraceServiceRequest request, DateTime receivedAt)
    {
        var batch = new NormalisedBatch();
        foreach (var rs in request.ResourceSpans)
        {
            var (resource, resourceHash) = AddResource(batch, rs.Resource);
            foreach (var ss in rs.ScopeSpans)
            {
                var scopeName = ss.Scope?.Name ?? "";
                var source = ClaudeCode.Recognise(resource, scopeName) ? ClaudeCode.Source : "otel";
                foreach (var span in ss.Spans)
                {
                    var traceId = Otlp.Id(span.TraceId, 16);
                    var spanId = Otlp.Id(span.SpanId, 8);
                    if (traceId is null || spanId is null || span.EndTimeUnixNano < span.StartTimeUnixNano) continue;
                    var attributes = Attributes.From(span.Attributes);
                    batch.Spans.Add(new SpanRow
                    {
                        TraceId = traceId,
                        SpanId = spanId,
                        StartAt = Otlp.ToUtc(span.StartTimeUnixNano),
                        ParentSpanId = Otlp.Id(span.ParentSpanId, 8),
                        TraceState = NullIfEmpty(span.TraceState),
                        Name = span.Name ?? "",
                        Kind = (int)span.Kind,
                        EndAt = Otlp.ToUtc(span.EndTimeUnixNano),
                        DurationNs = (long)Math.Min(span.EndTimeUnixNano - span.StartTimeUnixNano, long.MaxValue),
                        StatusCode = span.Status is null ? 0 : (int)span.Status.Code,
                        StatusMessage = NullIfEmpty(span.Status?.Message),
                        AttributesJson = attributes.ToJson(),
                        EventsJson = SpanEvents(span),
                        LinksJson = SpanLinks(span),
                        ResourceHash = resourceHash,
                        ScopeName = scopeName,
                        Flags = (int)span.Flags,
                        Identity = IdentityRef.From(source, attributes, resource),
                        SessionId = attributes.NonEmpty("session.id") ?? resource.NonEmpty("session.id"),
                    });
                }
            }
        }
        return batch;
    }

    private static void AddNumberPoint(NormalisedBatch batch, NumberDataPoint p, Metric metric, string kind, string? temporality, bool? monotonic,
        byte[] resourceHash, string resourceJson, Attributes resource, string scopeName, bool claude, ulong receivedNanos)
    {
        if (!TimeOk(p.TimeUnixNano, receivedNanos)) return;
        var noValue = (p.Flags & 1) != 0;
        if (p.ValueCase == NumberDataPoint.ValueOneofCase.None && !noValue) return;
        var attributes = Attributes.From(p.Attributes);
        var series = AddSeries(batch, metric, kind, temporality, monotonic, resourceHash, resourceJson, resource, scopeName, attributes, claude);
        double? value = p.ValueCase switch
        {
            NumberDataPoint.ValueOneofCase.AsDouble => p.AsDouble,
            NumberDataPoint.ValueOneofCase.AsInt => p.AsInt,
            _ => null,
        };
        if (value is { } v && !double.IsFinite(v)) value = null;
        ClaudeMetricFact? fact = null;
        if (claude && kind == "sum")
        {
            fact = ClaudeCode.MetricFact(metric.Name, attributes, resource, series.Identity);
            if (fact?.SessionId is { } sessionId)
                batch.TouchSession(ClaudeCode.Source, sessionId, series.Identity, Otlp.ToUtc(p.TimeUnixNano), attributes, resource, fact.Model);
        }
        batch.Points.Add(new PointRow
        {
            Series = series,
            StartTimeUnixNano = (long)p.StartTimeUnixNano,
            TimeUnixNano = (long)p.TimeUnixNano,
            PointAt = Otlp.ToUtc(p.TimeUnixNano),
            Value = value,
            Flags = (int)p.Flags,
            ExemplarsJson = Exemplars(p.Exemplars),
            Fact = fact,
        });
    }

    private static SeriesRow AddSeries(NormalisedBatch batch, Metric metric, string kind, string? temporality, bool? monotonic,
        byte[] resourceHash, string resourceJson, Attributes resource, string scopeName, Attributes attributes, bool claude)
    {
        var attributesJson = attributes.ToJson();
        using var hash = Hashing.Start();
        Hashing.Add(hash, resourceJson);
        Hashing.Add(hash, scopeName);
        Hashing.Add(hash, metric.Name);
        Hashing.Add(hash, attributesJson);
        var seriesHash = Hashing.Finish(hash);
        var key = Convert.ToHexString(seriesHash);
        if (batch.Series.TryGetValue(key, out var existing)) return existing;
        var series = new SeriesRow
        {
            SeriesHash = seriesHash,
            MetricName = metric.Name,
            Description = NullIfEmpty(metric.Description),
            Unit = NullIfEmpty(metric.Unit),
            Kind = kind,
            Temporality = temporality,
            IsMonotonic = monotonic,
            ResourceHash = resourceHash,
            ScopeName = scopeName,
            AttributesJson = attributesJson,
            Identity = IdentityRef.From(claude ? ClaudeCode.Source : "otel", attributes, resource),
        };
        batch.Series[key] = series;
        return series;
    }

    private static (Attributes Attributes, byte[] Hash) AddResource(NormalisedBatch batch, ProtoResource? resource)
    {
        var attributes = resource is null ? Attributes.Empty : Attributes.From(resource.Attributes);
        var json = attributes.ToJson();
        using var hash = Hashing.Start();
        Hashing.Add(hash, json);
        var resourceHash = Hashing.Finish(hash);
        batch.AddResource(new ResourceRow(resourceHash, attributes.NonEmpty("service.name"), attributes.NonEmpty("service.version"), json));
        return (attributes, resourceHash);
    }

    private static string SpanEvents(Span span)
    {
        if (span.Events.Count == 0) return "[]";
        var sb = new StringBuilder("[");
        foreach (var e in span.Events)
        {
            if (sb.Length > 1) sb.Append(',');
            sb.Append("{\"time\":").Append(JsonSerializer.Serialize(Otlp.ToUtc(e.TimeUnixNano)))
              .Append(",\"name\":").Append(JsonSerializer.Serialize(e.Name ?? ""))
              .Append(",\"attributes\":").Append(Attributes.From(e.Attributes).ToJson()).Append('}');
        }
        return sb.Append(']').ToString();
    }

    private static string SpanLinks(Span span)
    {
        if (span.Links.Count == 0) return "[]";
        var sb = new StringBuilder("[");
        foreach (var l in span.Links)
        {
            if (sb.Length > 1) sb.Append(',');
            sb.Append("{\"trace_id\":").Append(JsonSerializer.Serialize(Otlp.Hex(Otlp.Id(l.TraceId, 16))))
              .Append(",\"span_id\":").Append(JsonSerializer.Serialize(Otlp.Hex(Otlp.Id(l.SpanId, 8))))
              .Append(",\"attributes\":").Append(Attributes.From(l.Attributes).ToJson()).Append('}');
        }
        return sb.Append(']').ToString();
    }

    private static string? Exemplars(Google.Protobuf.Collections.RepeatedField<Exemplar> exemplars)
    {
        if (exemplars.Count == 0) return null;
        return JsonSerializer.Serialize(exemplars.Select(e => new
        {
            time = Otlp.ToUtc(e.TimeUnixNano),
            value = e.ValueCase == Exemplar.ValueOneofCase.AsInt ? e.AsInt : Finite(e.AsDouble),
            trace_id = Otlp.Hex(Otlp.Id(e.TraceId, 16)),
            span_id = Otlp.Hex(Otlp.Id(e.SpanId, 8)),
        }));
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static bool ContainsContent(Attributes attributes)
    {
        foreach (var key in ClaudeCode.ContentAttributes)
            if (attributes.Contains(key)) return true;
        return false;
    }

    private static bool TimeOk(ulong time, ulong receivedNanos) => time != 0 && time <= receivedNanos + FutureSkewNanos;

    private static string? Temporality(AggregationTemporality t) => t switch
    {
        AggregationTemporality.Delta => "delta",
        AggregationTemporality.Cumulative => "cumulative",
        _ => null,
    };

    private static ulong UnixNanos(DateTime utc) => (ulong)(utc - DateTime.UnixEpoch).Ticks * 100;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
