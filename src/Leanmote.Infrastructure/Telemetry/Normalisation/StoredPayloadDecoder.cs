using System.Text.Json.Nodes;
using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;

namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>
/// Decodes a stored raw payload (already validated by the request path) into rows. Protobuf goes through the
/// generated parsers. OTLP JSON goes through Google.Protobuf's <see cref="JsonParser"/> after the id fix of
/// otel.md §3.3: that parser reads every bytes field as base64, so hex trace/span ids are rewritten to base64
/// first (and the empty string, which OTLP means as "absent", is dropped).
/// </summary>
internal static class StoredPayloadDecoder
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(80));

    private static readonly HashSet<string> IdFields = new(StringComparer.Ordinal)
    {
        "traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id",
    };

    public static NormalisedBatch Decode(string signal, string encoding, byte[] payload, DateTime receivedAt) => (signal, encoding) switch
    {
        ("logs", "protobuf") => PayloadMapper.Map(ExportLogsServiceRequest.Parser.ParseFrom(payload), receivedAt),
        ("metrics", "protobuf") => PayloadMapper.Map(ExportMetricsServiceRequest.Parser.ParseFrom(payload), receivedAt),
        ("traces", "protobuf") => PayloadMapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(payload), receivedAt),
        ("logs", "json") => PayloadMapper.Map(Parser.Parse<ExportLogsServiceRequest>(FixJson(payload)), receivedAt),
        ("metrics", "json") => PayloadMapper.Map(Parser.Parse<ExportMetricsServiceRequest>(FixJson(payload)), receivedAt),
        ("traces", "json") => PayloadMapper.Map(Parser.Parse<ExportTraceServiceRequest>(FixJson(payload)), receivedAt),
        _ => throw new InvalidDataException($"Unknown signal/encoding '{signal}/{encoding}'"),
    };

    /// <summary>Rewrites hex ids to base64 and drops nulls (proto3 JSON treats null as absent anyway).</summary>
    internal static string FixJson(byte[] payload)
    {
        if (payload.Length == 0) return "{}";
        var root = JsonNode.Parse(payload, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 80 })
                   ?? throw new InvalidDataException("The JSON payload is null");
        Walk(root);
        return root.ToJsonString();
    }

    private static void Walk(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is null)
                    {
                        obj.Remove(key);
                    }
                    else if (IdFields.Contains(key) && value is JsonValue v && v.TryGetValue<string>(out var hex))
                    {
                        if (hex.Length == 0 || hex.Length % 2 != 0) obj.Remove(key);
                        else obj[key] = Convert.ToBase64String(Convert.FromHexString(hex));
                    }
                    else
                    {
                        Walk(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    if (item is not null) Walk(item);
                break;
        }
    }
}
