using System.Text;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Leanmote.Infrastructure.Telemetry.Otlp.Trace;

namespace Leanmote.ContractTests.Otel;

/// <summary>otel.md §3.3: what the OTLP JSON decoder accepts and refuses.</summary>
[TestFixture]
public sealed class OtelJsonTests : OtelTest
{
    private const string TraceHex = "5b8efff798038103d269b633813fc60c";
    private const string SpanHex = "eee19b7ec3c1b174";

    private static string Span(string traceId = TraceHex, string spanId = SpanHex, string start = "\"1767225600000000000\"", string end = "1767225600500000000",
        string extra = "") => $$"""
        { "resourceSpans": [ { "scopeSpans": [ { "spans": [ {
            "traceId": "{{traceId}}", "spanId": "{{spanId}}", "name": "deploy", "kind": "SPAN_KIND_SERVER",
            "startTimeUnixNano": {{start}}, "endTimeUnixNano": {{end}}{{extra}} } ] } ] } ] }
        """;

    private async Task<OtlpResponse> PostAsync(string signal, string json) => await Otlp.PostJsonAsync("/otel/v1/" + signal, IngestToken, json);

    private async Task AssertRejectedAsync(OtlpResponse response, string field)
    {
        AssertFailure(response, 400, 3, "VALIDATION_ERROR");
        var violations = response.Json.GetProperty("details").EnumerateArray()
            .Where(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
            .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray()).Select(v => v.GetProperty("field").GetString()).ToList();
        Assert.That(violations, Does.Contain(field), response.Text);
        Assert.That(await CountPayloadsAsync(response.Header("X-Request-Id")!), Is.Zero, "nothing stored for a 400");
    }

    /// <summary>Decodes what was stored for a 200 with the shared decoder, to check how ids and numbers were read.</summary>
    private static async Task<ExportTraceServiceRequest> StoredTracesAsync(OtlpResponse response)
    {
        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var payload = (byte[])(await Target.Host!.SqlAsync("SELECT payload FROM otel_raw_payloads WHERE request_id = @r", ("r", response.Header("X-Request-Id")!)))!;
        return Leanmote.Infrastructure.Telemetry.Otlp.OtlpJsonDecoder.Parse<ExportTraceServiceRequest>(payload);
    }

    [Test]
    public async Task EmptyObject_IsAFullSuccess()
    {
        var response = await PostAsync("metrics", "{}");

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        Assert.That(response.Text, Is.EqualTo("{}"));
    }

    [TestCase("")]
    [TestCase("[]")]
    [TestCase("42")]
    [TestCase("\"text\"")]
    [TestCase("{\"resourceLogs\": [")]
    public async Task NotAnObject_Is400(string json)
    {
        var response = await PostAsync("logs", json);

        AssertFailure(response, 400, 3, "VALIDATION_ERROR");
    }

    [Test]
    public async Task HexIds_AreHex_NotBase64_CaseInsensitive()
    {
        var response = await PostAsync("traces", Span(traceId: TraceHex.ToUpperInvariant()));

        var span = (await StoredTracesAsync(response)).ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(span.TraceId.ToByteArray()), Is.EqualTo(TraceHex));
            Assert.That(Convert.ToHexStringLower(span.SpanId.ToByteArray()), Is.EqualTo(SpanHex));
            Assert.That(span.Kind, Is.EqualTo(Leanmote.Infrastructure.Telemetry.Otlp.Trace.Span.Types.SpanKind.Server), "enum names are accepted");
            Assert.That(span.StartTimeUnixNano, Is.EqualTo(1767225600000000000UL), "64-bit as a string");
            Assert.That(span.EndTimeUnixNano, Is.EqualTo(1767225600500000000UL), "64-bit as a number");
            Assert.That(response.Text, Is.EqualTo("{}"));
        });
    }

    [Test]
    public async Task NonHexId_Is400NamingThePath()
    {
        var response = await PostAsync("traces", Span(traceId: "zz12"));

        await AssertRejectedAsync(response, "resourceSpans[0].scopeSpans[0].spans[0].traceId");
        Assert.That(response.JsonStatus().Message, Does.Contain("'zz12' is not hexadecimal"));
    }

    [Test]
    public async Task Base64Id_Is400_NotSilentlyMisread()
    {
        var response = await PostAsync("traces", Span(traceId: "W47/95gDgQPSabYzgT/GDA=="));

        await AssertRejectedAsync(response, "resourceSpans[0].scopeSpans[0].spans[0].traceId");
    }

    [Test]
    public async Task HexIdOfTheWrongLength_DecodesAndTheSpanIsRejectedItemByItem()
    {
        var response = await PostAsync("traces", Span(traceId: "abcd"));

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var partial = response.Json.GetProperty("partialSuccess");
        Assert.Multiple(() =>
        {
            Assert.That(partial.GetProperty("rejectedSpans").GetString(), Is.EqualTo("1"), "64-bit counts as strings");
            Assert.That(partial.GetProperty("errorMessage").GetString(), Does.Contain("resourceSpans[0].scopeSpans[0].spans[0]"));
        });
    }

    [TestCase("1.5")]
    [TestCase("1e3")]
    [TestCase("\"1.5\"")]
    [TestCase("\"18446744073709551616\"")]
    [TestCase("-1")]
    [TestCase("true")]
    public async Task Bad64BitIntegers_Are400(string value)
    {
        var response = await PostAsync("traces", Span(start: value));

        await AssertRejectedAsync(response, "resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano");
    }

    [Test]
    public async Task SnakeCaseNames_AreAccepted()
    {
        var json = $$"""{ "resource_spans": [ { "scope_spans": [ { "spans": [ { "trace_id": "{{TraceHex}}", "span_id": "{{SpanHex}}", "start_time_unix_nano": "5", "end_time_unix_nano": "9", "parent_span_id": "" } ] } ] } ] }""";

        var span = (await StoredTracesAsync(await PostAsync("traces", json))).ResourceSpans[0].ScopeSpans[0].Spans[0];

        Assert.That(span.EndTimeUnixNano, Is.EqualTo(9UL));
    }

    [Test]
    public async Task SameFieldTwice_Is400()
    {
        var response = await PostAsync("traces", Span(extra: ", \"name\": \"again\""));

        await AssertRejectedAsync(response, "resourceSpans[0].scopeSpans[0].spans[0].name");
    }

    [Test]
    public async Task TwoOneofMembers_Are400()
    {
        var record = """{ "timeUnixNano": "1", "body": { "stringValue": "a", "intValue": 3 } }""";

        var response = await PostAsync("logs", JsonLogs("oneof", record));

        await AssertRejectedAsync(response, "resourceLogs[0].scopeLogs[0].logRecords[0].body.intValue");
    }

    [Test]
    public async Task UnknownFields_AreIgnoredAtEveryLevel_NullsAreAbsent_EmptyAnyValueIsValid()
    {
        var json = $$"""
            { "futureTop": { "a": [1, {"b": null}] }, "resourceSpans": [ { "newThing": [ [ "x" ] ], "resource": null, "scopeSpans": [ { "scope": { "name": "s", "extra": 1.5 }, "spans": [ {
                "traceId": "{{TraceHex}}", "spanId": "{{SpanHex}}", "startTimeUnixNano": 1, "endTimeUnixNano": 2, "status": null, "unknownScalar": "x",
                "attributes": [ { "key": "empty", "value": {} }, { "key": "nothing", "value": null, "meta": { "deep": [ { } ] } } ] } ] } ] } ] }
            """;

        var response = await PostAsync("traces", json);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        Assert.That(response.Text, Is.EqualTo("{}"));
    }

    [Test]
    public async Task EnumNumbers_DecimalStrings_AndUnknownValues_AreKept()
    {
        var record = """{ "timeUnixNano": "1", "severityNumber": 99, "flags": "1", "body": { "doubleValue": "NaN" } }""";
        var names = """{ "timeUnixNano": "1", "severityNumber": "SEVERITY_NUMBER_WARN", "body": { "doubleValue": "-Infinity" } }""";

        var numbers = await PostAsync("logs", JsonLogs("enums", record));
        var named = await PostAsync("logs", JsonLogs("enums", names));
        var unknownName = await PostAsync("logs", JsonLogs("enums", """{ "severityNumber": "SEVERITY_NUMBER_LOUD" }"""));

        Assert.Multiple(() =>
        {
            Assert.That(numbers.Status, Is.EqualTo(200), numbers.ToString());
            Assert.That(named.Status, Is.EqualTo(200), named.ToString());
        });
        await AssertRejectedAsync(unknownName, "resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber");
    }

    [Test]
    public async Task BytesValue_AcceptsStandardAndUrlBase64WithoutPadding()
    {
        var standard = await PostAsync("logs", JsonLogs("bytes", """{ "body": { "bytesValue": "+/8=" } }"""));
        var url = await PostAsync("logs", JsonLogs("bytes", """{ "body": { "bytesValue": "-_8" } }"""));
        var bad = await PostAsync("logs", JsonLogs("bytes", """{ "body": { "bytesValue": "**" } }"""));

        Assert.Multiple(() =>
        {
            Assert.That(standard.Status, Is.EqualTo(200), standard.ToString());
            Assert.That(url.Status, Is.EqualTo(200), url.ToString());
        });
        await AssertRejectedAsync(bad, "resourceLogs[0].scopeLogs[0].logRecords[0].body.bytesValue");
    }

    [Test]
    public async Task WrongJsonType_Is400()
    {
        var response = await PostAsync("logs", JsonLogs("types", """{ "severityText": 5 }"""));

        await AssertRejectedAsync(response, "resourceLogs[0].scopeLogs[0].logRecords[0].severityText");
    }

    [Test]
    public async Task InvalidUtf8_Is400()
    {
        var bytes = Encoding.UTF8.GetBytes(JsonLogs("utf8", """{ "severityText": "Xab" }"""));
        var index = Array.IndexOf(bytes, (byte)'X');
        bytes[index] = 0xC3;
        bytes[index + 1] = 0x28;

        var response = await Otlp.PostAsync("/otel/v1/logs", IngestToken, bytes, OtlpHttp.Json);

        AssertFailure(response, 400, 3, "VALIDATION_ERROR");
    }

    [Test]
    public async Task NestingDeeperThan64_Is400()
    {
        var value = "{ \"stringValue\": \"leaf\" }";
        for (var i = 0; i < 40; i++) value = $"{{ \"arrayValue\": {{ \"values\": [ {value} ] }} }}";

        var response = await PostAsync("logs", JsonLogs("deep", $$"""{ "body": {{value}} }"""));

        AssertFailure(response, 400, 3, "VALIDATION_ERROR");
        Assert.That(response.JsonStatus().Message, Does.Contain("deeper than 64"));
    }
}
