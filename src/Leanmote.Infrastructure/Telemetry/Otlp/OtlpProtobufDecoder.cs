using Google.Protobuf;

namespace Leanmote.Infrastructure.Telemetry.Otlp;

/// <summary>
/// Binary OTLP (otel.md §3.4): proto3 wire format, unknown fields skipped, packed and unpacked repeated
/// scalars, a zero-length body is an empty message, message nesting deeper than 64 and truncated or garbled
/// input are <see cref="OtlpDecodeException"/>s.
/// </summary>
public static class OtlpProtobufDecoder
{
    public const int MaxRecursion = 64;

    public static T Parse<T>(MessageParser<T> parser, byte[] buffer, int length) where T : IMessage<T>, new()
    {
        if (length == 0) return new T();
        T message;
        try
        {
            using var stream = new MemoryStream(buffer, 0, length, writable: false);
            var input = CodedInputStream.CreateWithLimits(stream, length + 1, MaxRecursion);
            message = parser.WithDiscardUnknownFields(true).ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e)
        {
            var description = e.Message.Contains("recursion", StringComparison.OrdinalIgnoreCase)
                ? $"is nested deeper than {MaxRecursion} levels"
                : "is not a valid protobuf " + typeof(T).Name + " (truncated or garbled)";
            throw new OtlpDecodeException("body", description);
        }
        return message;
    }
}
