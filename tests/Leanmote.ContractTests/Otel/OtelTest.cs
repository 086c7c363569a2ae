using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Leanmote.ContractTests.Support;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;
using Leanmote.Infrastructure.Telemetry.Otlp.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Resource;

namespace Leanmote.ContractTests.Otel;

/// <summary>Base of the OTLP fixtures: an OTLP client on the shared target and ingest tokens made through the API by Alice (Acme admin).</summary>
[Category(ApiTarget.InProcessCategory)]
public abstract class OtelTest : ContractTest
{
    protected OtlpHttp Otlp { get; private set; } = null!;

    /// <summary>An Acme ingest token allowed every signal.</summary>
    protected string IngestToken { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateClientAndTokenAsync()
    {
        Otlp = new OtlpHttp(Target.Client.BaseAddress);
        if (Target.IsInProcess) IngestToken = (await CreateIngestTokenAsync(GetType().Name)).Token;
    }

    [OneTimeTearDown]
    public void DisposeClient() => Otlp.Dispose();

    protected static string TokensPath => $"/v1/organizations/{Data.Acme.PublicId}/ingest-tokens";

    protected static async Task<(string Token, string Id)> CreateIngestTokenAsync(string name, string? extraJson = null)
    {
        var body = $$"""{"name": {{JsonSerializer.Serialize(name)}}{{(extraJson is null ? "" : ", " + extraJson)}}}""";
        var response = await Api.PostJsonAsync(TokensPath, Data.AliceToken, body);
        var data = EnvelopeAssert.Single(response, 201);
        return (data.GetProperty("token").GetString()!, data.GetProperty("id").GetString()!);
    }

    protected static long NowNanos(TimeSpan offset = default) =>
        (DateTimeOffset.UtcNow + offset).ToUnixTimeMilliseconds() * 1_000_000L;

    protected static string Nanos(TimeSpan offset = default) => NowNanos(offset).ToString(CultureInfo.InvariantCulture);

    /// <summary>A protobuf logs request of <paramref name="count"/> Claude-Code-shaped records, unique by <paramref name="marker"/>.</summary>
    protected static ExportLogsServiceRequest Logs(int count, string marker, TimeSpan offset = default)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code.events", Version = "2.1.0" } };
        for (var i = 0; i < count; i++)
        {
            var record = new LogRecord
            {
                TimeUnixNano = (ulong)NowNanos(offset),
                SeverityNumber = SeverityNumber.Info,
                Body = new AnyValue { StringValue = "claude_code.api_request" },
            };
            record.Attributes.Add(new KeyValue { Key = "event.name", Value = new AnyValue { StringValue = "api_request" } });
            record.Attributes.Add(new KeyValue { Key = "marker", Value = new AnyValue { StringValue = marker } });
            record.Attributes.Add(new KeyValue { Key = "event.sequence", Value = new AnyValue { IntValue = i } });
            scope.LogRecords.Add(record);
        }
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "claude-code" } });
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(new ResourceLogs { Resource = resource, ScopeLogs = { scope } });
        return request;
    }

    /// <summary>A JSON logs request with one record whose attributes carry <paramref name="marker"/>; <paramref name="recordJson"/> replaces the record when given.</summary>
    protected static string JsonLogs(string marker, string? recordJson = null) => $$"""
        { "resourceLogs": [ {
            "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "claude-code" } } ] },
            "scopeLogs": [ { "scope": { "name": "com.anthropic.claude_code.events" },
              "logRecords": [ {{recordJson ?? $$"""{ "timeUnixNano": "{{Nanos()}}", "body": { "stringValue": "claude_code.user_prompt" }, "attributes": [ { "key": "marker", "value": { "stringValue": "{{marker}}" } } ] }"""}} ] } ] } ] }
        """;

    protected static byte[] Bytes(IMessage message) => message.ToByteArray();

    protected static async Task<long> CountPayloadsAsync(string requestId) =>
        (long)(await Target.Host!.SqlAsync("SELECT count(*) FROM otel_raw_payloads WHERE request_id = @r", ("r", requestId)))!;

    protected static void AssertFailure(OtlpResponse response, int status, int code, string reason, string? message = null)
    {
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(status), response.ToString());
            Assert.That(response.Header("X-Request-Id"), Is.Not.Null.And.Not.Empty, "every response carries X-Request-Id");
        });
        if (response.ContentType?.StartsWith(OtlpHttp.Protobuf, StringComparison.Ordinal) == true)
        {
            var status_ = response.ProtobufStatus();
            var info = status_.Details.Single(d => d.TypeUrl == "type.googleapis.com/google.rpc.ErrorInfo").Unpack<Leanmote.Infrastructure.Telemetry.Otlp.Rpc.ErrorInfo>();
            Assert.Multiple(() =>
            {
                Assert.That(status_.Code, Is.EqualTo(code));
                Assert.That(info.Reason, Is.EqualTo(reason));
                Assert.That(info.Domain, Is.EqualTo("leanmote.otel"));
                if (message is not null) Assert.That(status_.Message, Is.EqualTo(message));
            });
            return;
        }
        Assert.That(response.ContentType, Does.StartWith(OtlpHttp.Json), "error bodies are google.rpc.Status in the request's encoding (JSON when unsupported)");
        Assert.That(response.Text, Does.Not.Contain("\"error\":{"), "never the REST envelope");
        var (gotCode, gotMessage, gotReason, domain) = response.JsonStatus();
        Assert.Multiple(() =>
        {
            Assert.That(gotCode, Is.EqualTo(code));
            Assert.That(gotReason, Is.EqualTo(reason));
            Assert.That(domain, Is.EqualTo("leanmote.otel"));
            if (message is not null) Assert.That(gotMessage, Is.EqualTo(message));
        });
    }
}
