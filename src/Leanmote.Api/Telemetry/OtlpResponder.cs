using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Leanmote.Api.Http;
using Leanmote.Domain.Telemetry;
using Leanmote.Infrastructure.Telemetry.Otlp;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Leanmote.Infrastructure.Telemetry.Otlp.Rpc;

namespace Leanmote.Api.Telemetry;

/// <summary>The two OTLP/HTTP body encodings; a response uses the request's (otel.md §3.1).</summary>
public enum OtlpEncoding
{
    Protobuf,
    Json,
}

/// <summary>One failure of the OTLP surface (otel.md §5.3): HTTP status, gRPC code, Leanmote reason, message.</summary>
public sealed record OtlpFailure(int HttpStatus, int GrpcCode, string Reason, string Message, string? Field = null, TimeSpan? RetryAfter = null)
{
    public const string Domain = "leanmote.otel";

    public static OtlpFailure Validation(string field, string description) =>
        new(StatusCodes.Status400BadRequest, 3, "VALIDATION_ERROR", $"{field}: {description}", field);

    public static OtlpFailure Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, 16, "UNAUTHORIZED", message);

    public static OtlpFailure Forbidden(string message) => new(StatusCodes.Status403Forbidden, 7, "FORBIDDEN", message);

    public static OtlpFailure NotFound(string path) => new(StatusCodes.Status404NotFound, 5, "NOT_FOUND",
        $"No OTLP endpoint at '{path}'. Endpoints: POST /otel/v1/logs, /otel/v1/metrics, /otel/v1/traces");

    public static OtlpFailure MethodNotAllowed(string method) => new(StatusCodes.Status405MethodNotAllowed, 12, "METHOD_NOT_ALLOWED",
        $"Method {method} is not allowed; OTLP/HTTP uses POST");

    public static OtlpFailure PayloadTooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, 3, "PAYLOAD_TOO_LARGE",
        $"The request body exceeds the limit of {limit} bytes (on the wire or after decompression); send smaller batches");

    public static OtlpFailure UnsupportedMediaType(string message) => new(StatusCodes.Status415UnsupportedMediaType, 3, "UNSUPPORTED_MEDIA_TYPE", message);

    public static OtlpFailure RateLimited(TimeSpan retryAfter, string message) =>
        new(StatusCodes.Status429TooManyRequests, 8, "RATE_LIMITED", message, RetryAfter: retryAfter);

    public static OtlpFailure Unavailable(TimeSpan retryAfter, string message) =>
        new(StatusCodes.Status503ServiceUnavailable, 14, "SERVICE_UNAVAILABLE", message, RetryAfter: retryAfter);

    public static OtlpFailure ServerError() => new(StatusCodes.Status500InternalServerError, 13, "SERVER_ERROR", "An unexpected error occurred");
}

/// <summary>
/// The one writer of bodies under /otel (otel.md §5): ExportXServiceResponse on 200, google.rpc.Status otherwise,
/// in the request's encoding (JSON when the request's type was unsupported or absent). The REST envelope never
/// appears here.
/// </summary>
public static class OtlpResponder
{
    public const string ProtobufType = "application/x-protobuf";
    public const string JsonType = "application/json";

    public static async Task WriteSuccessAsync(HttpContext http, OtlpEncoding encoding, OtelSignal signal, OtlpVerdict verdict)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        var partial = verdict.Message is not null;
        if (encoding == OtlpEncoding.Protobuf)
        {
            IMessage response = signal switch
            {
                OtelSignal.Logs => new ExportLogsServiceResponse
                {
                    PartialSuccess = partial ? new ExportLogsPartialSuccess { RejectedLogRecords = verdict.RejectedCount, ErrorMessage = verdict.Message } : null,
                },
                OtelSignal.Metrics => new ExportMetricsServiceResponse
                {
                    PartialSuccess = partial ? new ExportMetricsPartialSuccess { RejectedDataPoints = verdict.RejectedCount, ErrorMessage = verdict.Message } : null,
                },
                _ => new ExportTraceServiceResponse
                {
                    PartialSuccess = partial ? new ExportTracePartialSuccess { RejectedSpans = verdict.RejectedCount, ErrorMessage = verdict.Message } : null,
                },
            };
            await WriteBytesAsync(http, ProtobufType, response.ToByteArray());
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (partial)
            {
                json.WriteStartObject("partialSuccess");
                var countName = signal switch
                {
                    OtelSignal.Logs => "rejectedLogRecords",
                    OtelSignal.Metrics => "rejectedDataPoints",
                    _ => "rejectedSpans",
                };
                json.WriteString(countName, verdict.RejectedCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("errorMessage", verdict.Message);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        await WriteBytesAsync(http, JsonType, buffer.ToArray());
    }

    public static async Task WriteFailureAsync(HttpContext http, OtlpEncoding encoding, OtlpFailure failure)
    {
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = failure.HttpStatus;
        http.Items[Envelope.ErrorCodeItem] = failure.Reason;
        if (failure.HttpStatus == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = "Bearer";
        if (failure.HttpStatus == StatusCodes.Status405MethodNotAllowed) http.Response.Headers.Allow = "POST";
        if (failure.RetryAfter is { } wait)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (encoding == OtlpEncoding.Protobuf)
        {
            var status = new Status { Code = failure.GrpcCode, Message = failure.Message };
            status.Details.Add(Any.Pack(new ErrorInfo { Reason = failure.Reason, Domain = OtlpFailure.Domain }));
            if (failure.Field is { } field)
            {
                var bad = new BadRequest();
                bad.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = failure.Message });
                status.Details.Add(Any.Pack(bad));
            }
            await WriteBytesAsync(http, ProtobufType, status.ToByteArray());
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("code", failure.GrpcCode);
            json.WriteString("message", failure.Message);
            json.WriteStartArray("details");
            json.WriteStartObject();
            json.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
            json.WriteString("reason", failure.Reason);
            json.WriteString("domain", OtlpFailure.Domain);
            json.WriteEndObject();
            if (failure.Field is { } field)
            {
                json.WriteStartObject();
                json.WriteString("@type", "type.googleapis.com/google.rpc.BadRequest");
                json.WriteStartArray("fieldViolations");
                json.WriteStartObject();
                json.WriteString("field", field);
                json.WriteString("description", failure.Message);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await WriteBytesAsync(http, JsonType, buffer.ToArray());
    }

    private static async Task WriteBytesAsync(HttpContext http, string contentType, byte[] body)
    {
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        if (body.Length > 0) await http.Response.Body.WriteAsync(body);
    }
}
