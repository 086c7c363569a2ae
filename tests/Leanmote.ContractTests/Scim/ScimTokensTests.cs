using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>scim.md §3.1–3.2: SCIM token management over REST, and which tokens each surface accepts.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimTokensTests : ContractTest
{
    private static string Path(ScimTenant tenant) => $"/v1/admin/organizations/{tenant.OrganizationPublicId}/scim-tokens";

    [Test]
    public async Task Post_ByAdmin_Is201WithTokenShownOnceAndBaseUrl()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);

        var response = await Api.PostJsonAsync(Path(tenant), tenant.AdminToken, """{"description":"Okta production","expires_at":null}""");

        var data = EnvelopeAssert.Single(response, 201);
        var token = data.GetProperty("token").GetString()!;
        Assert.That(token, Does.Match("^lmscim_[A-Za-z0-9_-]{43}$"));
        Assert.That(data.GetProperty("id").GetString(), Does.Match("^scimtok_[0-9]+$"));
        Assert.That(data.GetProperty("token_preview").GetString(), Is.EqualTo(token[..12]));
        Assert.That(data.GetProperty("description").GetString(), Is.EqualTo("Okta production"));
        Assert.That(data.GetProperty("scim_base_url").GetString(), Does.EndWith("/scim/v2"));

        var list = EnvelopeAssert.List(await Api.GetAsync(Path(tenant), tenant.AdminToken));
        Assert.That(list.Select(t => t.GetProperty("id").GetString()), Does.Contain(data.GetProperty("id").GetString()));
        Assert.That(list.Any(t => t.TryGetProperty("token", out _) || t.TryGetProperty("token_hash", out _)), Is.False, "never the token or its hash");

        Scim.ExpectList(await Scim.GetAsync(Api, "/Users", token), 1);
    }

    [Test]
    public async Task Post_ByNonAdmin_Is403()
    {
        var response = await Api.PostJsonAsync($"/v1/admin/organizations/{Data.Acme.PublicId}/scim-tokens", Data.BobToken, "{}");
        EnvelopeAssert.Error(response, 403, "FORBIDDEN");
    }

    [Test]
    public async Task Post_SixthActiveToken_Is409()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);   // holds one token already
        for (var i = 0; i < 4; i++) EnvelopeAssert.Single(await Api.PostJsonAsync(Path(tenant), tenant.AdminToken, "{}"), 201);

        var sixth = await Api.PostJsonAsync(Path(tenant), tenant.AdminToken, "{}");

        EnvelopeAssert.Error(sixth, 409, "CONFLICT");
    }

    [Test]
    public async Task Post_ExpiryInThePast_Is400()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var response = await Api.PostJsonAsync(Path(tenant), tenant.AdminToken, """{"expires_at":"2020-01-01T00:00:00Z"}""");
        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Delete_RevokesAtOnce_AndIsIdempotent()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        Scim.ExpectList(await Scim.GetAsync(Api, "/Users", tenant.ScimToken), 1);

        Assert.That((await Api.DeleteAsync($"{Path(tenant)}/scimtok_{tenant.ScimTokenId}", tenant.AdminToken)).StatusCode, Is.EqualTo(204));
        Assert.That((await Api.DeleteAsync($"{Path(tenant)}/scimtok_{tenant.ScimTokenId}", tenant.AdminToken)).StatusCode, Is.EqualTo(204));

        var refused = Scim.ExpectError(await Scim.GetAsync(Api, "/Users", tenant.ScimToken), 401);
        Assert.That(refused.GetProperty("detail").GetString(), Is.EqualTo("Authentication token is inactive"));
        var listed = EnvelopeAssert.List(await Api.GetAsync(Path(tenant), tenant.AdminToken)).Single();
        Assert.That(listed.GetProperty("is_active").GetBoolean(), Is.False);
        Assert.That(listed.GetProperty("revoked_at").ValueKind, Is.EqualTo(JsonValueKind.String));
    }

    [Test]
    public async Task ScimToken_OnV1_Is401()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var response = await Api.GetAsync("/v1/organizations", tenant.ScimToken);
        EnvelopeAssert.Error(response, 401, "UNAUTHORIZED");
    }

    [Test]
    public async Task UserApiToken_OnScim_Is401WithBearerRealm()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var response = await Scim.GetAsync(Api, "/Users", tenant.AdminToken);
        var error = Scim.ExpectError(response, 401);
        Assert.That(error.GetProperty("detail").GetString(), Is.EqualTo("Invalid authentication token"));
        Assert.That(response.Header("WWW-Authenticate"), Is.EqualTo("Bearer realm=\"scim\""));
    }

    [TestCase(null, "Missing authentication token")]
    [TestCase("Basic dXNlcjpwYXNz", "Invalid authentication token")]
    [TestCase("Bearer", "Invalid authentication token")]
    [TestCase("Bearer a b", "Invalid authentication token")]
    [TestCase("Bearer lmscim_unknown", "Invalid authentication token")]
    public async Task BadAuthorization_Is401WithExactDetail(string? authorization, string detail)
    {
        var response = await Api.SendRawAsync(HttpMethod.Get, "/scim/v2/Users", authorization);
        Assert.That(Scim.ExpectError(response, 401).GetProperty("detail").GetString(), Is.EqualTo(detail));
    }

    [Test]
    public async Task LowerCaseBearer_IsAccepted()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        Scim.ExpectList(await Api.SendRawAsync(HttpMethod.Get, "/scim/v2/Users", "bearer " + tenant.ScimToken), 1);
    }

    [Test]
    public async Task ExpiredToken_Is401Expired()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        await Target.Host!.SqlAsync("UPDATE scim_tokens SET expires_at = now() - interval '1 minute' WHERE id = @id", ("id", tenant.ScimTokenId));
        var response = await Scim.GetAsync(Api, "/Users", tenant.ScimToken);
        Assert.That(Scim.ExpectError(response, 401).GetProperty("detail").GetString(), Is.EqualTo("Authentication token has expired"));
    }

    [Test]
    public async Task SuspendedOrganization_Is403()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        await Target.Host!.SqlAsync("UPDATE organizations SET suspended_at = now() WHERE id = @id", ("id", tenant.OrganizationId));
        Scim.ExpectError(await Scim.GetAsync(Api, "/Users", tenant.ScimToken), 403);
    }

    [Test]
    public async Task Responses_CarryTheScimRateLimit()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var response = await Scim.GetAsync(Api, "/Users", tenant.ScimToken);
        Scim.ExpectList(response, 1);
        Assert.That(response.Header("X-RateLimit-Limit"), Is.EqualTo("3000"));
        Assert.That(int.Parse(response.Header("X-RateLimit-Remaining")!, System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(3000));
    }

    [Test]
    public async Task LastUsedAt_IsRecorded()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        await Scim.GetAsync(Api, "/Users", tenant.ScimToken);
        var lastUsed = await Target.Host!.SqlAsync("SELECT last_used_at FROM scim_tokens WHERE id = @id", ("id", tenant.ScimTokenId));
        Assert.That(lastUsed, Is.InstanceOf<DateTime>());
    }
}
