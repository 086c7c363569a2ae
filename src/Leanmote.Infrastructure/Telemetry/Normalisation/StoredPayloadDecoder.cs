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
    /// <param name="replaceNul">Replace NUL characters in every string first (<see cref="NulFreeText"/>).</param>
    public static NormalisedBatch Decode(string signal, string encoding, byte[] payload, DateTime receivedAt, bool replaceNul = false) => (signal, encoding) switch
    {
        ("logs", "protobuf") => PayloadMapper.Map(Clean(OtlpProtobufDecoder.Parse(ExportLogsServiceRequest.Parser, payload, payload.Length), replaceNul), receivedAt),
        ("metrics", "protobuf") => PayloadMapper.Map(Clean(OtlpProtobufDecoder.Parse(ExportMetricsServiceRequest.Parser, payload, payload.Length), replaceNul), receivedAt),
        ("traces", "protobuf") => PayloadMapper.Map(Clean(OtlpProtobufDecoder.Parse(ExportTraceServiceRequest.Parser, payload, payload.Length), replaceNul), receivedAt),
        ("logs", "json") => PayloadMapper.Map(Clean(OtlpJsonDecoder.Parse<ExportLogsServiceRequest>(payload), replaceNul), receivedAt),
        ("metrics", "json") => PayloadMapper.Map(Clean(OtlpJsonDecoder.Parse<ExportMetricsServiceRequest>(payload), replaceNul), receivedAt),
        ("traces", "json") => PayloadMapper.Map(Clean(OtlpJsonDecoder.Parse<ExportTraceServiceRequest>(payload), replaceNul), receivedAt),
        _ => throw new OtlpDecodeException("payload", $"has an unknown signal/encoding '{signal}/{encoding}'"),
    };

    private static T Clean<T>(T message, bool replaceNul) where T : Google.Protobuf.IMessage
    {
        if (replaceNul) NulFreeText.Apply(message);
        return message;
    }
}
