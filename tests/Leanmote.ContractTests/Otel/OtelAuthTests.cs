using System.Text;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Otel;

/// <summary>otel.md §2.1–§2.3: ingest tokens authenticate /otel before the body is read; exact 401/403 messages.</summary>
[TestFixture]
public sealed class OtelAuthTests : OtelTest
{
    [Test]
    public async Task Missing_Is401WithWwwAuthenticate_BeforeTheBodyIsRead()
    {
        // A corrupt gzip body: reading it would be a 400, so a 401 proves nothing was inflated or parsed.
        var response = await Otlp.PostAsync("/otel/v1/logs", null, [1, 2, 3, 4, 5], OtlpHttp.Protobuf, "gzip");

        AssertFailure(response, 401, 16, "UNAUTHORIZED", "Missing authentication token");
        Assert.That(response.Header("WWW-Authenticate"), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Unknown_Is401Invalid()
    {
        var response = await Otlp.PostJsonAsync("/otel/v1/logs", "lmi_" + new string('A', 43), "{}");

        AssertFailure(response, 401, 16, "UNAUTHORIZED", "Invalid authentication token");
        Assert.That(response.Header("WWW-Authenticate"), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task OtherScheme_Or_QueryStringToken_IsNotAccepted()
    {
        var basic = await Otlp.SendAsync(HttpMethod.Post, "/otel/v1/logs", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + IngestToken)),
            Encoding.UTF8.GetBytes("{}"), OtlpHttp.Json);
        var query = await Otlp.PostJsonAsync("/otel/v1/logs?access_token=" + IngestToken, null, "{}");

        AssertFailure(basic, 401, 16, "UNAUTHORIZED", "Invalid authentication token");
        AssertFailure(query, 401, 16, "UNAUTHORIZED", "Missing authentication token");
    }

    [Test]
    public async Task SchemeWord_IsCaseInsensitive()
    {
        var response = await Otlp.SendAsync(HttpMethod.Post, "/otel/v1/logs", "bEaReR " + IngestToken, Encoding.UTF8.GetBytes("{}"), OtlpHttp.Json);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
    }

    [Test]
    public async Task RestApiToken_Is401WithTheIngestTokenHint()
    {
        var response = await Otlp.PostJsonAsync("/otel/v1/logs", Data.AliceToken, "{}");

        AssertFailure(response, 401, 16, "UNAUTHORIZED", "API tokens cannot be used for ingest; create an ingest token");
    }

    [Test]
    public async Task IngestToken_OnTheRestApi_Is401()
    {
        var response = await Api.GetAsync("/v1/organizations", IngestToken);

        EnvelopeAssert.Error(response, 401, "UNAUTHORIZED", "Invalid authentication token");
    }

    [Test]
    public async Task Expired_Is401Expired()
    {
        var (token, id) = await CreateIngestTokenAsync("soon expired", "\"expires_at\": \"" + DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") + "\"");
        await Target.Host!.SqlAsync("UPDATE ingest_tokens SET expires_at = now() - interval '1 minute' WHERE id = @id", ("id", long.Parse(id["itk_".Length..])));

        var response = await Otlp.PostJsonAsync("/otel/v1/logs", token, "{}");

        AssertFailure(response, 401, 16, "UNAUTHORIZED", "Authentication token has expired");
    }

    [Test]
    public async Task Deactivated_Is401Inactive()
    {
        var (token, id) = await CreateIngestTokenAsync("revoked before use");
        Assert.That((await Api.DeleteAsync($"{TokensPath}/{id}", Data.AliceToken)).StatusCode, Is.EqualTo(204));

        var response = await Otlp.PostJsonAsync("/otel/v1/logs", token, "{}");

        AssertFailure(response, 401, 16, "UNAUTHORIZED", "Authentication token is inactive");
    }

    [Test]
    public async Task DeactivatedAfterUse_StopsWorkingAtOnceOnTheSameProcess()
    {
        var (token, id) = await CreateIngestTokenAsync("revoked after use");
        Assert.That((await Otlp.PostJsonAsync("/otel/v1/logs", token, "{}")).Status, Is.EqualTo(200), "cached by a first request");
        Assert.That((await Api.DeleteAsync($"{TokensPath}/{id}", Data.AliceToken)).StatusCode, Is.EqualTo(204));

        var response = await Otlp.PostJsonAsync("/otel/v1/logs", token, "{}");

        AssertFailure(response, 401, 16, "UNAUTHORIZED", "Authentication token is inactive");
    }

    [Test]
    public async Task SignalOutsideAllowedSignals_Is403_AllowedSignalWorks()
    {
        var (token, _) = await CreateIngestTokenAsync("logs only", "\"allowed_signals\": [\"logs\"]");

        var metrics = await Otlp.PostJsonAsync("/otel/v1/metrics", token, "{}");
        var traces = await Otlp.PostAsync("/otel/v1/traces", token, [], OtlpHttp.Protobuf);
        var logs = await Otlp.PostJsonAsync("/otel/v1/logs", token, "{}");

        AssertFailure(metrics, 403, 7, "FORBIDDEN", "This ingest token may not send metrics");
        AssertFailure(traces, 403, 7, "FORBIDDEN", "This ingest token may not send traces");
        Assert.That(logs.Status, Is.EqualTo(200), logs.ToString());
    }

    [Test]
    public async Task AcceptedToken_RecordsLastUsedAt_AndTheTenantComesFromTheToken()
    {
        var (token, id) = await CreateIngestTokenAsync("tenant check");
        var body = JsonLogs("tenant-check").Replace("\"claude-code\" } }", "\"claude-code\" } }, { \"key\": \"organization.id\", \"value\": { \"stringValue\": \"" + Data.Globex.PublicId + "\" } }");

        var response = await Otlp.PostJsonAsync("/otel/v1/logs", token, body);

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var requestId = response.Header("X-Request-Id")!;
        var organization = await Target.Host!.SqlAsync("SELECT organization_id FROM otel_raw_payloads WHERE request_id = @r", ("r", requestId));
        var tokenId = await Target.Host!.SqlAsync("SELECT ingest_token_id FROM otel_raw_payloads WHERE request_id = @r", ("r", requestId));
        var lastUsed = await Target.Host!.SqlAsync("SELECT last_used_at IS NOT NULL FROM ingest_tokens WHERE id = @id", ("id", long.Parse(id["itk_".Length..])));
        Assert.Multiple(() =>
        {
            Assert.That(organization, Is.EqualTo(Data.Acme.Id), "the token's organization, whatever organization.id the payload names");
            Assert.That(tokenId, Is.EqualTo(long.Parse(id["itk_".Length..])));
            Assert.That(lastUsed, Is.True);
        });
    }
}
