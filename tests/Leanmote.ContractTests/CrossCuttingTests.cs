using System.Net.Http.Headers;
using System.Text;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>rest-api.md §2 and §8: unknown routes, wrong methods, hostile input — always the envelope, and the service keeps serving.</summary>
[TestFixture]
public sealed class CrossCuttingTests : ContractTest
{
    private async Task AssertStillServingAsync()
    {
        var health = await Api.GetAsync("/v1/health", null);
        Assert.That(health.StatusCode, Is.EqualTo(200), "the service keeps serving: " + health);
        EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", Target.Token));
    }

    [TestCase("/v1/nope")]
    [TestCase("/nope")]
    [TestCase("/")]
    [TestCase("/v1")]
    [TestCase("/v1/organizations/org_1/nope")]
    [TestCase("/v2/organizations")]
    public async Task Route_Unknown_Is404Envelope(string path)
    {
        var response = await Api.GetAsync(path, Target.Token);

        EnvelopeAssert.Error(response, 404, "NOT_FOUND");
    }

    [Test]
    public async Task Route_UnknownWithoutToken_Is404Envelope()
    {
        EnvelopeAssert.Error(await Api.GetAsync("/v1/nope", null), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Method_PutOnList_Is405WithAllow()
    {
        var response = await Api.SendAsync(HttpMethod.Put, "/v1/organizations", Target.Token, new StringContent("{}", Encoding.UTF8, "application/json"));

        EnvelopeAssert.Error(response, 405, "METHOD_NOT_ALLOWED");
        Assert.That(response.ContentHeaders.Allow, Does.Contain("GET"));
        Assert.That(response.ContentHeaders.Allow, Does.Not.Contain("PUT"));
    }

    [Test]
    public async Task Method_DeleteOnHealth_Is405WithAllow()
    {
        var response = await Api.DeleteAsync("/v1/health", null);

        EnvelopeAssert.Error(response, 405, "METHOD_NOT_ALLOWED");
        Assert.That(response.ContentHeaders.Allow, Is.EquivalentTo(new[] { "GET" }).Or.EquivalentTo(new[] { "GET", "HEAD" }));
    }

    [Test]
    public async Task Method_PatchOnCredentials_Is405AllowingGetAndPost()
    {
        var response = await Api.SendAsync(HttpMethod.Patch, "/v1/admin/users/usr_1/api-credentials", Target.Token);

        EnvelopeAssert.Error(response, 405, "METHOD_NOT_ALLOWED");
        Assert.That(response.ContentHeaders.Allow, Does.Contain("GET").And.Contain("POST"));
    }

    [TestCase(20 * 1024, TestName = "QueryString_20KiB_Is400UnknownParameter")]
    [TestCase(31 * 1024, TestName = "QueryString_31KiB_Is400UnknownParameter")]
    public async Task QueryString_Long_Is400UnknownParameter(int length)
    {
        var response = await Api.GetAsync("/v1/organizations?x=" + new string('a', length), Target.Token);

        EnvelopeAssert.Validation(response, "x");
        await AssertStillServingAsync();
    }

    [Test]
    public async Task QueryString_ManyParameters_Is400()
    {
        var query = string.Join('&', Enumerable.Range(0, 2000).Select(i => $"p{i}=1"));

        var response = await Api.GetAsync("/v1/organizations?" + query, Target.Token);

        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
    }

    [Test]
    public async Task QueryString_HugePage_Is400()
    {
        EnvelopeAssert.Validation(await Api.GetAsync("/v1/organizations?page=" + new string('9', 5000), Target.Token), "page");
    }

    [TestCase("%00")]
    [TestCase("%FF%FE")]
    [TestCase("'%20OR%201=1--")]
    public async Task Query_HostileValues_Are400(string value)
    {
        EnvelopeAssert.Validation(await Api.GetAsync("/v1/organizations?sort=" + value, Target.Token), "sort");
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Body_DeepJson_Is400()
    {
        var body = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);

        var response = await Api.PostJsonAsync($"/v1/admin/users/{Data.Carol.PublicId}/api-credentials", Data.CarolToken, body);

        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
        await AssertStillServingAsync();
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Body_DeepJsonInsideKnownField_Is400()
    {
        var body = "{\"expires_at\":" + new string('[', 100) + new string(']', 100) + "}";

        var response = await Api.PostJsonAsync($"/v1/admin/users/{Data.Carol.PublicId}/api-credentials", Data.CarolToken, body);

        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Body_InvalidUtf8_Is400()
    {
        byte[] bytes = [.. "{\"expires_at\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        var response = await Api.SendAsync(HttpMethod.Post, $"/v1/admin/users/{Data.Carol.PublicId}/api-credentials", Data.CarolToken, content);

        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
        await AssertStillServingAsync();
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Body_Over1MiB_Is413AndServiceKeepsServing()
    {
        var content = new ByteArrayContent(new byte[(1024 * 1024) + 1]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");

        // Expect: 100-continue, as a careful client uploading a large body does: the server answers 413 from the
        // Content-Length alone and the body is never sent. Without it the server may close the connection while
        // the client is still writing, and the client sees a broken pipe instead of the 413 (a TCP race, not a
        // contract question).
        var response = await Api.SendAsync(HttpMethod.Post, $"/v1/admin/users/{Data.Carol.PublicId}/api-credentials", Data.CarolToken, content,
            r => r.Headers.ExpectContinue = true);

        EnvelopeAssert.Error(response, 413, "PAYLOAD_TOO_LARGE");
        await AssertStillServingAsync();
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Body_ChunkedOver1MiB_Is413AndServiceKeepsServing()
    {
        // A stream of unknown length goes out chunked: the limit can only be noticed while reading.
        // A valid start and one long string, so the parser must keep reading past the limit.
        // Only just over the limit, so the client has written nearly everything by the time the server stops reading.
        byte[] body = [.. "{\"expires_at\":\""u8.ToArray(), .. Enumerable.Repeat((byte)'a', (1024 * 1024) + 16), .. "\"}"u8.ToArray()];
        var content = new StreamContent(new UnseekableStream(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");

        var response = await Api.SendAsync(HttpMethod.Post, $"/v1/admin/users/{Data.Carol.PublicId}/api-credentials", Data.CarolToken, content);

        EnvelopeAssert.Error(response, 413, "PAYLOAD_TOO_LARGE");
        await AssertStillServingAsync();
    }

    /// <summary>A read-only stream that hides its length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }

    [TestCase("/v1/organizations/%00")]
    [TestCase("/v1/organizations/org_%001/members")]
    public async Task Path_NulByte_IsRejectedWith400AndServiceKeepsServing(string path)
    {
        // Kestrel refuses a NUL in the path before the application runs, so this 400 has no envelope
        // (Content-Length 0); the contract that still holds is a clean 4xx and a service that keeps serving.
        var response = await Api.GetAsync(path, Target.Token);

        Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
        await AssertStillServingAsync();
    }

    [Test]
    public async Task Header_HugeAuthorizationAndRequestId_AreHandled()
    {
        var response = await Api.SendRawAsync(HttpMethod.Get, "/v1/organizations", "Bearer " + new string('a', 30_000),
            configure: r => r.Headers.TryAddWithoutValidation("X-Request-Id", new string('b', 20_000)));

        EnvelopeAssert.Error(response, 401, "UNAUTHORIZED", "Invalid authentication token");
        Assert.That(response.Header("X-Request-Id"), Has.Length.LessThanOrEqualTo(64));
        await AssertStillServingAsync();
    }

    [Test]
    public async Task Header_RepeatedAuthorization_Is401Invalid()
    {
        var response = await Api.SendRawAsync(HttpMethod.Get, "/v1/organizations", "Bearer " + Target.Token,
            configure: r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Target.Token));

        EnvelopeAssert.Error(response, 401, "UNAUTHORIZED", "Invalid authentication token");
    }

    [Test]
    public async Task Header_RepeatedRequestId_IsRegenerated()
    {
        var response = await Api.SendAsync(HttpMethod.Get, "/v1/health", null, configure: r =>
        {
            r.Headers.TryAddWithoutValidation("X-Request-Id", "one");
            r.Headers.TryAddWithoutValidation("X-Request-Id", "two");
        });

        Assert.That(response.Header("X-Request-Id"), Is.Not.EqualTo("one").And.Not.EqualTo("two").And.Not.EqualTo("one,two"));
    }

    [Test]
    public async Task OpenApi_Document_IsServedWithoutToken()
    {
        var response = await Api.GetAsync("/openapi/v1.json", null);

        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var document = response.Json;
        Assert.That(document.GetProperty("openapi").GetString(), Does.StartWith("3."));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/v1/health", "/v1/organizations", "/v1/organizations/{organizationId}", "/v1/organizations/{organizationId}/members",
            "/v1/admin/users/{userId}/api-credentials", "/v1/admin/users/{userId}/api-credentials/{credentialId}",
        }));
    }

    [Test]
    public async Task ServerHeader_IsNotSent()
    {
        var response = await Api.GetAsync("/v1/health", null);

        Assert.That(response.Headers.Server, Is.Empty);
    }
}
