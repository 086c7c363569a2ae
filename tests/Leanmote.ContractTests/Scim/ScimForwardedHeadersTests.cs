using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>
/// scim.md §5.1: meta.location honours X-Forwarded-Proto/-Host only from configured trusted proxies. One host trusts
/// loopback (where the test client is), the other trusts nobody; both share one database.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimForwardedHeadersTests
{
    private InProcessApi? _trusting, _plain;
    private ApiClient? _trustingApi, _plainApi;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        ApiTarget.SkipUnlessInProcess(!ApiTarget.IsRemoteConfigured, GetType());
        _trusting = await InProcessApi.StartWithFreshDatabaseAsync(InProcessApi.DatabaseName("_scimfwd"),
            new Dictionary<string, string> { ["Leanmote__TrustedProxies__0"] = "127.0.0.1" });
        _plain = await InProcessApi.StartAsync(_trusting.ConnectionString);
        _trustingApi = new ApiClient(_trusting.BaseAddress);
        _plainApi = new ApiClient(_plain.BaseAddress);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _trustingApi?.Dispose();
        _plainApi?.Dispose();
        if (_plain is not null) await _plain.DisposeAsync();
        if (_trusting is not null) await _trusting.DisposeAsync();
    }

    private static void Forwarded(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "scim.customer.example");
    }

    [Test]
    public async Task Location_FromATrustedProxy_UsesTheForwardedSchemeAndHost()
    {
        var tenant = await ScimTenant.CreateAsync(_trusting!);
        var created = Scim.Expect(await Scim.SendAsync(_trustingApi!, HttpMethod.Post, "/Users", tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"fwd.trusted@example.com"}""", configure: Forwarded), 201);

        var location = created.GetProperty("meta").GetProperty("location").GetString();
        Assert.That(location, Does.StartWith("https://scim.customer.example/scim/v2/Users/usr_"));
    }

    [Test]
    public async Task Location_WithoutTrustedProxies_IgnoresForwardedHeaders()
    {
        var tenant = await ScimTenant.CreateAsync(_plain!);
        var created = Scim.Expect(await Scim.SendAsync(_plainApi!, HttpMethod.Post, "/Users", tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"fwd.plain@example.com"}""", configure: Forwarded), 201);

        var location = created.GetProperty("meta").GetProperty("location").GetString();
        Assert.That(location, Does.StartWith(_plain!.BaseAddress.ToString().TrimEnd('/') + "/scim/v2/Users/usr_"));
    }
}
