using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Logs;

namespace Leanmote.ContractTests.Otel;

/// <summary>otel.md §1, §3.1, §3.2, §3.4, §4: routes, methods, content types, encodings, limits.</summary>
[TestFixture]
public sealed class OtelTransportTests : OtelTest
{
    private const int Limit = 10 * 1024 * 1024;

    [Test]
    public async Task UnknownPathUnderOtel_Is404Status()
    {
        var response = await Otlp.PostAsync("/otel/v1development/profiles", IngestToken, [], OtlpHttp.Protobuf);
        var other = await Otlp.PostJsonAsync("/otel/v1/logs/extra", IngestToken, "{}");

        AssertFailure(response, 404, 5, "NOT_FOUND");
        AssertFailure(other, 404, 5, "NOT_FOUND");
    }

    [TestCase("GET")]
    [TestCase("PUT")]
    [TestCase("DELETE")]
    public async Task OtherMethods_Are405WithAllowPost(string method)
    {
        var response = await Otlp.SendAsync(new HttpMethod(method), "/otel/v1/metrics", "Bearer " + IngestToken, null, null);

        AssertFailure(response, 405, 12, "METHOD_NOT_ALLOWED");
        Assert.That(response.Allow, Is.EqualTo("POST"));
    }

    [Test]
    public async Task OneTrailingSlash_IsTheSameRoute()
    {
        var response = await Otlp.PostJsonAsync("/otel/v1/traces/", IngestToken, "{}");

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
    }

    [Test]
    public async Task EmptyProtobufBody_Is200WithAnEmptyProtobufBody()
    {
        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, [], OtlpHttp.Protobuf);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200), response.ToString());
            Assert.That(response.ContentType, Is.EqualTo(OtlpHttp.Protobuf));
            Assert.That(response.Body, Is.Empty, "full success: partial_success unset → zero-length protobuf");
        });
    }

    [Test]
    public async Task JsonRequest_WithCharsetAndMixedCase_GetsJsonResponse()
    {
        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, Encoding.UTF8.GetBytes(JsonLogs("charset")), "Application/JSON; charset=utf-8");

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200), response.ToString());
            Assert.That(response.ContentType, Is.EqualTo(OtlpHttp.Json));
            Assert.That(response.Text, Is.EqualTo("{}"));
        });
    }

    [TestCase("application/grpc")]
    [TestCase("application/grpc+proto")]
    public async Task Grpc_Is415WithTheHttpHint(string contentType)
    {
        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, [0, 0, 0, 0, 0], contentType);

        AssertFailure(response, 415, 3, "UNSUPPORTED_MEDIA_TYPE",
            "OTLP/gRPC is not supported on this endpoint; use OTLP/HTTP (set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf). Supported: application/x-protobuf, application/json");
    }

    [TestCase("text/plain", "Unsupported Content-Type 'text/plain'. Supported: application/x-protobuf, application/json")]
    [TestCase(null, "Unsupported Content-Type ''. Supported: application/x-protobuf, application/json")]
    public async Task OtherOrMissingContentType_Is415InJson(string? contentType, string message)
    {
        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, Encoding.UTF8.GetBytes("{}"), contentType);

        AssertFailure(response, 415, 3, "UNSUPPORTED_MEDIA_TYPE", message);
    }

    [TestCase("gzip")]
    [TestCase("x-gzip")]
    [TestCase("GZIP")]
    public async Task Gzip_IsInflated(string coding)
    {
        var body = Bytes(Logs(3, "gzip-" + coding));

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, OtlpHttp.Gzip(body), OtlpHttp.Protobuf, coding);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var id = response.Header("X-Request-Id")!;
        var stored = (byte[])(await Target.Host!.SqlAsync("SELECT payload FROM otel_raw_payloads WHERE request_id = @r", ("r", id)))!;
        Assert.Multiple(async () =>
        {
            Assert.That(stored, Is.EqualTo(body), "the decompressed body exactly as sent");
            Assert.That(await Target.Host!.SqlAsync("SELECT content_encoding FROM otel_raw_payloads WHERE request_id = @r", ("r", id)), Is.EqualTo("gzip"));
            Assert.That(await Target.Host!.SqlAsync("SELECT wire_bytes < body_bytes FROM otel_raw_payloads WHERE request_id = @r", ("r", id)), Is.True);
        });
    }

    [Test]
    public async Task Deflate_IsZlibWrapped_AndInflated()
    {
        var body = Encoding.UTF8.GetBytes(JsonLogs("deflate"));

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, OtlpHttp.Zlib(body), OtlpHttp.Json, "deflate");

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        Assert.That(await CountPayloadsAsync(response.Header("X-Request-Id")!), Is.EqualTo(1));
    }

    [TestCase("br")]
    [TestCase("zstd")]
    [TestCase("snappy")]
    [TestCase("gzip, gzip")]
    public async Task OtherEncodings_Are415ListingTheSupportedOnes(string coding)
    {
        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, [1, 2, 3], OtlpHttp.Protobuf, coding);

        AssertFailure(response, 415, 3, "UNSUPPORTED_MEDIA_TYPE", $"Unsupported Content-Encoding '{coding}'. Supported: gzip, deflate, identity");
        Assert.That(response.ContentType, Is.EqualTo(OtlpHttp.Protobuf), "the request's encoding");
    }

    [Test]
    public async Task CorruptGzip_Is400()
    {
        var gz = OtlpHttp.Gzip(Bytes(Logs(2, "corrupt")));
        gz[gz.Length / 2] ^= 0xFF;
        gz[12] ^= 0xFF;

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, gz, OtlpHttp.Protobuf, "gzip");

        AssertFailure(response, 400, 3, "VALIDATION_ERROR");
    }

    [Test]
    public async Task ContentLengthOverTheLimit_Is413WithoutReadingTheBody()
    {
        // Expect: 100-continue lets the client hear the answer before it uploads; the server never asks for the body.
        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, new byte[Limit + 1], OtlpHttp.Protobuf,
            configure: r => r.Headers.ExpectContinue = true);

        AssertFailure(response, 413, 3, "PAYLOAD_TOO_LARGE");
    }

    [Test]
    public async Task ChunkedBodyOverTheLimit_Is413()
    {
        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, new byte[Limit + 1], OtlpHttp.Protobuf,
            configure: r => r.Headers.TransferEncodingChunked = true);

        AssertFailure(response, 413, 3, "PAYLOAD_TOO_LARGE");
    }

    [Test]
    public async Task BodyOfExactlyTheLimit_IsRead()
    {
        // 10 MiB of zero bytes is not a valid protobuf message (field number 0): a 400, which proves it was read whole.
        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, new byte[Limit], OtlpHttp.Protobuf);

        AssertFailure(response, 400, 3, "VALIDATION_ERROR");
    }

    [Test]
    public async Task DecompressionBomb_Is413Quickly()
    {
        var bomb = OtlpHttp.Gzip(new byte[100 * 1024 * 1024], CompressionLevel.SmallestSize);
        Assert.That(bomb.Length, Is.LessThan(200 * 1024), "100 MiB of zeros gzipped");

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, bomb, OtlpHttp.Protobuf, "gzip");

        AssertFailure(response, 413, 3, "PAYLOAD_TOO_LARGE");
        TestContext.Out.WriteLine($"decompression bomb answered in {response.Elapsed.TotalMilliseconds:0} ms");
        Assert.That(response.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "inflation stops at the limit");
    }

    [Test]
    public async Task ProtobufNestedDeeperThan64_Is400()
    {
        var value = new AnyValue { StringValue = "leaf" };
        for (var i = 0; i < 70; i++) value = new AnyValue { ArrayValue = new ArrayValue { Values = { value } } };
        var request = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { Body = value } } } } } } };

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, request.ToByteArray(), OtlpHttp.Protobuf);

        AssertFailure(response, 400, 3, "VALIDATION_ERROR");
    }

    [Test]
    public async Task TruncatedProtobuf_Is400WithBadRequestDetail()
    {
        var body = Bytes(Logs(3, "truncated"));

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, body[..(body.Length - 7)], OtlpHttp.Protobuf);

        AssertFailure(response, 400, 3, "VALIDATION_ERROR");
        var status = response.ProtobufStatus();
        Assert.That(status.Details.Select(d => d.TypeUrl), Does.Contain("type.googleapis.com/google.rpc.BadRequest"));
    }

    [Test]
    public async Task UnknownProtobufFields_AndUnpackedRepeatedScalars_AreAccepted()
    {
        var request = Logs(1, "unknown-fields");
        var known = request.ToByteArray();
        using var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(99, WireFormat.WireType.LengthDelimited);
        output.WriteString("future field");
        output.WriteTag(98, WireFormat.WireType.Varint);
        output.WriteInt64(7);
        output.Flush();
        var body = known.Concat(extra.ToArray()).ToArray();

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, body, OtlpHttp.Protobuf);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        Assert.That(response.Body, Is.Empty);
    }

    [Test]
    public async Task Server_AfterEveryKindOfBadRequest_StillServes()
    {
        await Otlp.PostAsync("/otel/v1/logs", IngestToken, OtlpHttp.Gzip(new byte[100 * 1024 * 1024], CompressionLevel.Fastest), OtlpHttp.Protobuf, "gzip");
        await Otlp.PostAsync("/otel/v1/logs", IngestToken, [0xFF, 0xFF, 0xFF], OtlpHttp.Protobuf);
        await Otlp.PostAsync("/otel/v1/logs", IngestToken, [1, 2, 3], OtlpHttp.Json, "gzip");
        await Otlp.PostJsonAsync("/otel/v1/logs", IngestToken, "{\"resourceLogs\": [");
        await Otlp.PostJsonAsync("/otel/v1/logs", IngestToken, new string('[', 5000) + new string(']', 5000));
        await Otlp.PostAsync("/otel/v1/logs", null, [1], OtlpHttp.Protobuf);

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, Bytes(Logs(2, "after-bad")), OtlpHttp.Protobuf);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        Assert.That(await CountPayloadsAsync(response.Header("X-Request-Id")!), Is.EqualTo(1));
    }
}
