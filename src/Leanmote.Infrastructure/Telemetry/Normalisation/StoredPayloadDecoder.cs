using Leanmote.Infrastructure.Telemetry.Otlp;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;

namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>
/// Decodes a stored raw payload (already validated by the request path) with the same decoders the request path
/// uses: <see cref="OtlpProtobufDecoder"/> for protobuf and the hex-id-aware <see cref="OtlpJsonDecoder"/> for OTLP
/// JSON (otel.md §3.3), then maps it to rows. Throws <see cref="OtlpDecodeException"/> on a payload that does not decode.
/// </summary>
internal static class StoredPayloadDecoder
{
    public static NormalisedBatch Decode(string signal, string encoding, byte[] payload, DateTime receivedAt) => (signal, encoding) switch
    {
        ("logs", "protobuf") => PayloadMapper.Map(OtlpProtobufDecoder.Parse(ExportLogsServiceRequest.Parser, payload, payload.Length), receivedAt),
        ("metrics", "protobuf") => PayloadMapper.Map(OtlpProtobufDecoder.Parse(ExportMetricsServiceRequest.Parser, payload, payload.Length), receivedAt),
        ("traces", "protobuf") => PayloadMapper.Map(OtlpProtobufDecoder.Parse(ExportTraceServiceRequest.Parser, payload, payload.Length), receivedAt),
        ("logs", "json") => PayloadMapper.Map(OtlpJsonDecoder.Parse<ExportLogsServiceRequest>(payload), receivedAt),
        ("metrics", "json") => PayloadMapper.Map(OtlpJsonDecoder.Parse<ExportMetricsServiceRequest>(payload), receivedAt),
        ("traces", "json") => PayloadMapper.Map(OtlpJsonDecoder.Parse<ExportTraceServiceRequest>(payload), receivedAt),
        _ => throw new OtlpDecodeException("payload", $"has an unknown signal/encoding '{signal}/{encoding}'"),
    };
}
