using Leanmote.ContractTests.Otel;
using Leanmote.ContractTests.Scim;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>
/// Issue 10: input no column can hold (a NUL byte, a lone UTF-16 surrogate) is a 4xx in the surface's own error
/// format, never a 500; and every answer, the early 400s of write routes included, carries X-Request-Id.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class HostileInputTests : ContractTest
{
    [TestCase("/v1/users?email=a%00b", "email")]
    [TestCase("/v1/telemetry/payloads?request_id=a%00b", "request_id")]
    public async Task Get_NulByteInAStringFilter_Is400Envelope(string path, string? field)
    {
        var response = await Api.GetAsync(path, Data.AliceToken);

        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
        if (field is not null) Assert.That(EnvelopeAssert.Validation(response, field), Does.Contain("control characters"));
    }

    [TestCase("""{"name": "a\u0000b"}""")]
    [TestCase("""{"name": "a\ud800b"}""")]
    [TestCase("""{"name": "\udc00"}""")]
    public async Task Post_NulOrLoneSurrogateInABody_Is400EnvelopeWithRequestId(string body)
    {
        var response = await Api.PostJsonAsync($"/v1/organizations/{Data.Acme.PublicId}/ingest-tokens", Data.AliceToken, body);

        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
        Assert.That(response.Header("X-Request-Id"), Is.Not.Null.And.Not.Empty);
    }

    [TestCase("""{"expires_at": 5}""")]
    [TestCase("""{"expires_at": "2030-01-01T00:00:00Z", """)]
    [TestCase("[1, 2]")]
    public async Task Post_MalformedBody_Is400WithRequestId(string body)
    {
        var response = await Api.PostJsonAsync($"/v1/admin/users/{Data.Carol.PublicId}/api-credentials", Data.CarolToken, body);

        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
        Assert.That(response.Header("X-Request-Id"), Is.Not.Null.And.Not.Empty, "every answer carries X-Request-Id");
    }

    [TestCase("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"lone\ud800@example.com"}""")]
    [TestCase("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"nul\u0000@example.com"}""")]
    [TestCase("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x@example.com","displayName":"\udfff"}""")]
    public async Task ScimPost_LoneSurrogateOrNul_Is400ScimError(string body)
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);

        var response = await Leanmote.ContractTests.Scim.Scim.PostAsync(Api, "/Users", tenant.ScimToken, body);

        Leanmote.ContractTests.Scim.Scim.ExpectError(response, 400, "invalidSyntax");
        Assert.That(response.Header("X-Request-Id"), Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task ScimGet_NulByteInAFilter_Is400ScimError()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);

        var response = await Leanmote.ContractTests.Scim.Scim.GetAsync(Api, "/Users?filter=userName%20eq%20%22a%00b%22", tenant.ScimToken);

        Leanmote.ContractTests.Scim.Scim.ExpectError(response, 400, "invalidFilter");
    }

    [TestCase("\\ud800")]
    [TestCase("\\udc00x")]
    public async Task OtlpJson_LoneSurrogate_Is400Status(string escape)
    {
        using var otlp = new OtlpHttp(Target.Client.BaseAddress);
        var token = await IngestTokenAsync();
        var json = $$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc{{{escape}}}"}}]},
              "scopeLogs":[{"logRecords":[{"timeUnixNano":"1","body":{"stringValue":"hello"}}]}]}]}
            """;

        var response = await otlp.PostJsonAsync("/otel/v1/logs", token, json);

        Assert.That(response.Status, Is.EqualTo(400), response.ToString());
        var status = response.JsonStatus();
        Assert.That((status.Code, status.Reason, status.Domain), Is.EqualTo((3, "VALIDATION_ERROR", "leanmote.otel")));
        Assert.That(response.Header("X-Request-Id"), Is.Not.Null.And.Not.Empty);
    }

    private string? _ingestToken;

    private async Task<string> IngestTokenAsync()
    {
        if (_ingestToken is not null) return _ingestToken;
        var response = await Api.PostJsonAsync($"/v1/organizations/{Data.Acme.PublicId}/ingest-tokens", Data.AliceToken, """{"name": "hostile input"}""");
        return _ingestToken = EnvelopeAssert.Single(response, 201).GetProperty("token").GetString()!;
    }
}
