using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using Leanmote.Application.Access;
using Leanmote.Application.Telemetry;
using Leanmote.Domain.Access;
using Leanmote.Domain.Telemetry;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Telemetry;
using Leanmote.Infrastructure.Telemetry.Otlp;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leanmote.Api.Telemetry;

/// <summary>
/// POST /otel/v1/{logs,metrics,traces} (otel.md §1–§7.2): route → method → authenticate (before the body is
/// read) → signal allowed → Content-Type → Content-Encoding → rate limits and backlog → read and inflate
/// within the limit → decode and validate → one statement storing digest and raw payload → 200.
/// Every outcome is written by <see cref="OtlpResponder"/>; nothing here throws to the outer pipeline.
/// </summary>
public sealed class OtlpIngestHandler(
    IngestTokenCache tokens,
    ITokenStore restTokens,
    IRateLimitStore counters,
    IngestRateLimiter limiter,
    OtelBacklog backlog,
    OtelPayloadStore store,
    IOptions<AccessOptions> access,
    IOptions<OtelOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<OtlpIngestHandler> logger)
{
    public const string SupportedTypes = "application/x-protobuf, application/json";
    private const string GrpcMessage =
        "OTLP/gRPC is not supported on this endpoint; use OTLP/HTTP (set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf). Supported: application/x-protobuf, application/json";

    private enum Coding
    {
        Identity,
        Gzip,
        Deflate,
    }

    public async Task HandleAsync(HttpContext http)
    {
        var encoding = RequestEncoding(http.Request.ContentType) ?? OtlpEncoding.Json;
        try
        {
            var failure = await IngestAsync(http, encoding);
            if (failure is not null) await OtlpResponder.WriteFailureAsync(http, encoding, failure);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (IsTransient(e) || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogWarning(e, "OTLP ingest unavailable: {Reason}", e.Message);
            await OtlpResponder.WriteFailureAsync(http, encoding, OtlpFailure.Unavailable(RetryAfter,
                "The service is temporarily unavailable; retry after the Retry-After delay"));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path.Value);
            await OtlpResponder.WriteFailureAsync(http, encoding, OtlpFailure.ServerError());
        }
    }

    /// <summary>The most a request's body buffer holds before its bytes have arrived.</summary>
    internal const int InitialBodyBuffer = 64 * 1024;

    private TimeSpan RetryAfter => TimeSpan.FromSeconds(Math.Max(1, options.Value.RetryAfterSeconds));

    private static bool IsTransient(Exception e) => e switch
    {
        DatabaseUnavailableException => true,
        NpgsqlException { IsTransient: true } => true,
        PostgresException pg when DbFaults.IsReadOnly(pg) => true,                          // a standby during failover (ADR 0054)
        PostgresException pg => pg.SqlState.StartsWith("53", StringComparison.Ordinal)     // insufficient resources
                                || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)  // shutdown, cannot connect now
                                || pg.SqlState.StartsWith("08", StringComparison.Ordinal)   // connection exceptions
                                || pg.SqlState is "40001" or "40P01" or "55P03" or "57014"   // serialization, deadlock, lock timeout, statement timeout
                                || pg.SqlState is "55000",                                   // database not accepting connections (maintenance)
        TimeoutException => true,
        _ => false,
    };

    private async Task<OtlpFailure?> IngestAsync(HttpContext http, OtlpEncoding encoding)
    {
        var request = http.Request;
        if (!TryRoute(request.Path, out var signal)) return OtlpFailure.NotFound(request.Path.Value ?? "");
        if (!HttpMethods.IsPost(request.Method)) return OtlpFailure.MethodNotAllowed(request.Method);
        if (lifetime.ApplicationStopping.IsCancellationRequested)
            return OtlpFailure.Unavailable(RetryAfter, "The server is shutting down; retry after the Retry-After delay");

        var now = clock.GetUtcNow();
        var (token, authFailure) = await AuthenticateAsync(http, now);
        if (authFailure is not null) return authFailure;
        if (token!.OrganizationSuspended) return OtlpFailure.Forbidden("The organization is suspended; its ingest tokens are refused");
        if (!token!.Allows(signal)) return OtlpFailure.Forbidden($"This ingest token may not send {OtelSignals.Name(signal)}");

        var mediaType = MediaType(request.ContentType);
        if (mediaType.StartsWith("application/grpc", StringComparison.Ordinal)) return OtlpFailure.UnsupportedMediaType(GrpcMessage);
        if (RequestEncoding(request.ContentType) is null)
            return OtlpFailure.UnsupportedMediaType($"Unsupported Content-Type '{request.ContentType ?? ""}'. Supported: {SupportedTypes}");
        if (!TryCoding(request.Headers.ContentEncoding, out var coding, out var codingName))
            return OtlpFailure.UnsupportedMediaType($"Unsupported Content-Encoding '{codingName}'. Supported: gzip, deflate, identity");

        if (limiter.TakeRequest(token.Id) is { } tokenWait)
            return OtlpFailure.RateLimited(tokenWait, "This ingest token is sending more than its request rate; retry after the Retry-After delay");
        if (limiter.CheckVolume(token.OrganizationId) is { } volumeWait)
            return OtlpFailure.RateLimited(volumeWait, "This organization has sent more than its data volume for this minute; retry after the Retry-After delay");
        if (await backlog.IsOverCapAsync(http.RequestAborted))
            return OtlpFailure.Unavailable(RetryAfter, "The ingest backlog is over its limit; retry after the Retry-After delay");

        var limit = options.Value.MaxBodyBytes;
        if (request.ContentLength > limit) return OtlpFailure.PayloadTooLarge(limit);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature) sizeFeature.MaxRequestBodySize = limit;

        byte[]? buffer = null;
        try
        {
            var wire = new CountingStream(request.Body);
            int length;
            try
            {
                (buffer, length) = await ReadBodyAsync(coding switch
                {
                    Coding.Gzip => new GZipStream(wire, CompressionMode.Decompress, leaveOpen: true),
                    Coding.Deflate => new ZLibStream(wire, CompressionMode.Decompress, leaveOpen: true),
                    _ => wire,
                }, limit, request.ContentLength, http.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return OtlpFailure.PayloadTooLarge(limit);
            }
            catch (InvalidDataException)
            {
                return OtlpFailure.Validation("body", $"is not valid {codingName} data");
            }
            catch (BadHttpRequestException e)
            {
                return OtlpFailure.Validation("body", "could not be read: " + e.Message);
            }
            if (length < 0) return OtlpFailure.PayloadTooLarge(limit);

            if (limiter.AddVolume(token.OrganizationId, length) is { } overVolume)
                return OtlpFailure.RateLimited(overVolume, "This organization has sent more than its data volume for this minute; retry after the Retry-After delay");

            OtlpVerdict verdict;
            try
            {
                verdict = Decode(signal, encoding, buffer, length, now);
            }
            catch (OtlpDecodeException e)
            {
                return OtlpFailure.Validation(e.Field, e.Description);
            }

            var body = new ReadOnlyMemory<byte>(buffer, 0, length);
            var payload = new RawPayload(token.OrganizationId, token.Id, http.TraceIdentifier, OtelSignals.Name(signal),
                encoding == OtlpEncoding.Protobuf ? "protobuf" : "json", codingName, wire.BytesRead, body,
                SHA256.HashData(body.Span), verdict.ItemCount, verdict.RejectedCount, verdict.Message, UserAgent(request), now);
            await store.StoreAsync(payload, http.RequestAborted);
            await TouchAsync(token, http.RequestAborted);
            await OtlpResponder.WriteSuccessAsync(http, encoding, signal, verdict);
            return null;
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><c>last_used_at</c> is bookkeeping: once the payload is committed, failing to record it must not turn the 200 into a 503.</summary>
    private async Task TouchAsync(IngestTokenRecord token, CancellationToken ct)
    {
        try
        {
            await tokens.TouchAsync(token, ct);
        }
        catch (Exception e) when (IsTransient(e))
        {
            logger.LogWarning(e, "Could not record the use of ingest token {TokenId}", token.Id);
        }
    }

    private async Task<(IngestTokenRecord? Token, OtlpFailure? Failure)> AuthenticateAsync(HttpContext http, DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var window = new RateWindow($"authfail:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}:minute", start, start.AddMinutes(1));
        var limited = OtlpFailure.RateLimited(window.End - now, "Too many failed authentications from this address; retry after the Retry-After delay");
        // over the failure limit: 429 before any token lookup (ADR 0055)
        if (counters.ObservedCount(window) >= access.Value.AuthenticationFailuresPerMinute) return (null, limited);
        var (token, message) = await CheckTokenAsync(http, now);
        if (message is null) return (token, null);

        var counts = await counters.IncrementAsync([window], http.RequestAborted);
        return counts[0] > access.Value.AuthenticationFailuresPerMinute ? (null, limited) : (null, OtlpFailure.Unauthorized(message));
    }

    private async Task<(IngestTokenRecord? Token, string? Failure)> CheckTokenAsync(HttpContext http, DateTimeOffset now)
    {
        var headers = http.Request.Headers.Authorization;
        if (headers.Count == 0) return (null, Application.Common.Results.Error.MissingToken);
        var parts = headers.Count == 1 ? (headers[0] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length > 512)
            return (null, Application.Common.Results.Error.InvalidToken);

        var hash = ApiToken.Hash(parts[1], access.Value.TokenSalt);
        var token = await tokens.FindAsync(hash, http.RequestAborted);
        if (token is null)
        {
            var rest = await restTokens.FindByHashAsync(hash, http.RequestAborted);
            return rest is not null
                ? (null, "API tokens cannot be used for ingest; create an ingest token")
                : (null, Application.Common.Results.Error.InvalidToken);
        }
        if (!token.IsActive) return (null, Application.Common.Results.Error.InactiveToken);
        if (token.ExpiresAt is { } expiresAt && expiresAt <= now) return (null, Application.Common.Results.Error.ExpiredToken);
        return (token, null);
    }

    private static OtlpVerdict Decode(OtelSignal signal, OtlpEncoding encoding, byte[] buffer, int length, DateTimeOffset now)
    {
        var span = new ReadOnlySpan<byte>(buffer, 0, length);
        return (signal, encoding) switch
        {
            (OtelSignal.Logs, OtlpEncoding.Protobuf) => OtlpValidator.Validate(OtlpProtobufDecoder.Parse(ExportLogsServiceRequest.Parser, buffer, length), now),
            (OtelSignal.Logs, _) => OtlpValidator.Validate(OtlpJsonDecoder.Parse<ExportLogsServiceRequest>(span), now),
            (OtelSignal.Metrics, OtlpEncoding.Protobuf) => OtlpValidator.Validate(OtlpProtobufDecoder.Parse(ExportMetricsServiceRequest.Parser, buffer, length), now),
            (OtelSignal.Metrics, _) => OtlpValidator.Validate(OtlpJsonDecoder.Parse<ExportMetricsServiceRequest>(span), now),
            (_, OtlpEncoding.Protobuf) => OtlpValidator.Validate(OtlpProtobufDecoder.Parse(ExportTraceServiceRequest.Parser, buffer, length), now),
            _ => OtlpValidator.Validate(OtlpJsonDecoder.Parse<ExportTraceServiceRequest>(span), now),
        };
    }

    /// <summary>Reads (and inflates) at most <paramref name="limit"/> bytes into a pooled buffer; length -1 when the body is larger.</summary>
    internal static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(Stream source, long limit, long? contentLength, CancellationToken ct)
    {
        var cap = (int)Math.Min(limit + 1, int.MaxValue);
        // never more than InitialBodyBuffer before the bytes arrive: a declared Content-Length is a promise, not a
        // reservation, and slow clients declaring 10 MiB each must not pin 10 MiB each (issue 10); doubling does the rest
        var initial = (int)Math.Min(Math.Clamp(contentLength is > 0 ? contentLength.Value : InitialBodyBuffer, 4096, cap), InitialBodyBuffer);
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var total = 0;
        try
        {
            await using (source)
            {
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        if (total >= cap) return (buffer, -1);
                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                        buffer.AsSpan(0, total).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    var read = await source.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, cap) - total), ct);
                    if (read == 0) break;
                    total += read;
                    if (total > limit) return (buffer, -1);
                }
            }
            return (buffer, total);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static bool TryRoute(PathString path, out OtelSignal signal)
    {
        signal = default;
        var value = path.Value ?? "";
        if (value.EndsWith('/')) value = value[..^1];
        const string prefix = "/otel/v1/";
        return value.StartsWith(prefix, StringComparison.Ordinal) && OtelSignals.TryParse(value[prefix.Length..], out signal);
    }

    private static string MediaType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return "";
        var semicolon = contentType.IndexOf(';');
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    public static OtlpEncoding? RequestEncoding(string? contentType) => MediaType(contentType) switch
    {
        "application/x-protobuf" => OtlpEncoding.Protobuf,
        "application/json" => OtlpEncoding.Json,
        _ => null,
    };

    private static bool TryCoding(Microsoft.Extensions.Primitives.StringValues header, out Coding coding, out string name)
    {
        coding = Coding.Identity;
        name = "identity";
        if (header.Count == 0) return true;
        var raw = header.Count == 1 ? (header[0] ?? "").Trim() : string.Join(", ", header.ToArray());
        name = raw;
        switch (raw.ToLowerInvariant())
        {
            case "" or "identity":
                name = "identity";
                return true;
            case "gzip" or "x-gzip":
                coding = Coding.Gzip;
                name = "gzip";
                return true;
            case "deflate":
                coding = Coding.Deflate;
                name = "deflate";
                return true;
            default:
                return false;
        }
    }

    private static string? UserAgent(HttpRequest request)
    {
        var agent = request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? null : agent.Length <= 512 ? agent : agent[..512];
    }

    /// <summary>Counts the bytes read from the wire (before inflation).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
