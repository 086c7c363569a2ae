using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>rest-api.md §3: bearer tokens and the exact 401 messages.</summary>
[TestFixture]
public sealed class AuthenticationTests : ContractTest
{
    private const string Missing = "Missing authentication token";
    private const string Invalid = "Invalid authentication token";
    private const string Expired = "Authentication token has expired";
    private const string Inactive = "Authentication token is inactive";

    private static void AssertUnauthorized(ApiResponse response, string message)
    {
        EnvelopeAssert.Error(response, 401, "UNAUTHORIZED", message);
        Assert.That(response.Header("WWW-Authenticate"), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Authorization_Missing_Is401Missing()
    {
        AssertUnauthorized(await Api.SendRawAsync(HttpMethod.Get, "/v1/organizations", authorization: null), Missing);
    }

    [TestCase("Token abc", TestName = "Authorization_OtherScheme_Is401Invalid")]
    [TestCase("Basic dXNlcjpwYXNz", TestName = "Authorization_Basic_Is401Invalid")]
    [TestCase("Bearer", TestName = "Authorization_BearerWithoutToken_Is401Invalid")]
    [TestCase("Bearer ", TestName = "Authorization_BearerWithEmptyToken_Is401Invalid")]
    [TestCase("Bearer a b", TestName = "Authorization_ExtraParts_Is401Invalid")]
    [TestCase("abc", TestName = "Authorization_NoScheme_Is401Invalid")]
    [TestCase("Bearer lm_this-token-does-not-exist", TestName = "Authorization_UnknownToken_Is401Invalid")]
    public async Task Authorization_Malformed_Is401Invalid(string header)
    {
        AssertUnauthorized(await Api.SendRawAsync(HttpMethod.Get, "/v1/organizations", header), Invalid);
    }

    [Test]
    public async Task Authorization_HugeToken_Is401InvalidNotServerError()
    {
        AssertUnauthorized(await Api.SendRawAsync(HttpMethod.Get, "/v1/organizations", "Bearer " + new string('x', 10_000)), Invalid);
    }

    [TestCase("bearer")]
    [TestCase("BEARER")]
    [TestCase("bEaReR")]
    public async Task Authorization_SchemeInAnyCase_IsAccepted(string scheme)
    {
        var response = await Api.SendRawAsync(HttpMethod.Get, "/v1/organizations", scheme + " " + Target.Token);

        EnvelopeAssert.List(response);
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Token_Expired_Is401Expired()
    {
        AssertUnauthorized(await Api.GetAsync("/v1/organizations", Data.ExpiredToken), Expired);
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Token_Deactivated_Is401Inactive()
    {
        AssertUnauthorized(await Api.GetAsync("/v1/organizations", Data.InactiveToken), Inactive);
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Token_InactiveAndExpired_ReportsInactiveFirst()
    {
        // is_active is checked before expires_at (rest-api.md §3): expire the already inactive token too.
        var host = Target.Host!;
        await host.SqlAsync("UPDATE api_credentials SET expires_at = now() - interval '1 minute' WHERE is_active = false AND user_id = @u",
            ("u", Data.Erin.Id));

        AssertUnauthorized(await Api.GetAsync("/v1/organizations", Data.InactiveToken), Inactive);
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Token_UserDeactivated_Is401Inactive()
    {
        var before = await Api.GetAsync("/v1/organizations", Data.ZedToken);
        Assert.That(before.StatusCode, Is.EqualTo(200), "Zed's token works while Zed is active");

        await Target.Host!.SqlAsync("UPDATE users SET is_active = false WHERE id = @u", ("u", Data.Zed.Id));
        try
        {
            // the change reaches the process's token cache through LISTEN/NOTIFY: within moments, not instantly
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var after = await Api.GetAsync("/v1/organizations", Data.ZedToken);
            while (after.StatusCode == 200 && clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(25);
                after = await Api.GetAsync("/v1/organizations", Data.ZedToken);
            }
            AssertUnauthorized(after, Inactive);
        }
        finally
        {
            await Target.Host!.SqlAsync("UPDATE users SET is_active = true WHERE id = @u", ("u", Data.Zed.Id));
            // and back: later tests use Zed's token, so wait until the reactivation has reached the cache too
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((await Api.GetAsync("/v1/organizations", Data.ZedToken)).StatusCode != 200 && clock.Elapsed < TimeSpan.FromSeconds(5))
                await Task.Delay(25);
        }
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Token_UserWithoutOrganizations_SeesAnEmptyList()
    {
        var response = await Api.GetAsync("/v1/organizations", Data.ZedToken);

        Assert.That(EnvelopeAssert.List(response), Is.Empty);
        var meta = EnvelopeAssert.Meta(response);
        Assert.That((meta.Total, meta.TotalPages), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Health_WithoutToken_Is200WithoutRateLimitHeaders()
    {
        var response = await Api.GetAsync("/v1/health", token: null);

        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        Assert.That(response.Header("X-RateLimit-Limit"), Is.Null);
        Assert.That(response.Header("X-RateLimit-Remaining"), Is.Null);
        Assert.That(response.Header("X-RateLimit-Reset"), Is.Null);
        Assert.That(response.Header("WWW-Authenticate"), Is.Null);
    }

    [Test]
    public async Task Health_WithGarbageToken_StillAnswers200()
    {
        var response = await Api.SendRawAsync(HttpMethod.Get, "/v1/health", "Token garbage");

        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        Assert.That(response.Header("X-RateLimit-Limit"), Is.Null);
    }

    [TestCase("/v1/organizations/org_1")]
    [TestCase("/v1/organizations/org_1/members")]
    [TestCase("/v1/admin/users/usr_1/api-credentials")]
    public async Task Routes_WithoutToken_Are401(string path)
    {
        AssertUnauthorized(await Api.GetAsync(path, token: null), Missing);
    }

    [Test]
    public async Task Unauthenticated_BadParameters_Are401Not400()
    {
        // authentication runs before any validation: nothing about the request is judged without a caller
        AssertUnauthorized(await Api.GetAsync("/v1/organizations?per_page=0&bogus=1", token: null), Missing);
    }
}
