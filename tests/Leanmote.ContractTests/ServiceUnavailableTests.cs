using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>rest-api.md §2 and §7 "Meta": a database that cannot be reached is 503 with Retry-After, never 500.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ServiceUnavailableTests
{
    private InProcessApi? _host;
    private ApiClient? _api;

    private ApiClient Api => _api!;

    [OneTimeSetUp]
    public async Task StartHostWithoutDatabaseAsync()
    {
        ApiTarget.SkipUnlessInProcess(!ApiTarget.IsRemoteConfigured, GetType());
        // Port 1 on the loopback: the connection is refused at once.
        _host = await InProcessApi.StartAsync("Host=127.0.0.1;Port=1;Username=postgres;Database=leanmote_unreachable;Timeout=3",
            new Dictionary<string, string>
            {
                ["Leanmote__MigrateOnStartup"] = "false",
                ["Serilog__MinimumLevel__Default"] = "Fatal",   // every request here logs the expected outage
            });
        _api = new ApiClient(_host.BaseAddress);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        _api?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }

    private static void AssertUnavailable(ApiResponse response)
    {
        EnvelopeAssert.Error(response, 503, "SERVICE_UNAVAILABLE");
        Assert.That(response.Header("Retry-After"), Does.Match("^[1-9][0-9]*$"));
    }

    [Test]
    public async Task Health_DatabaseUnreachable_Is503WithRetryAfter()
    {
        AssertUnavailable(await Api.GetAsync("/v1/health", null));
    }

    [TestCase("/v1/organizations")]
    [TestCase("/v1/organizations/org_1/members")]
    [TestCase("/v1/admin/users/usr_1/api-credentials")]
    public async Task AuthenticatedRoute_DatabaseUnreachable_Is503Not500(string path)
    {
        AssertUnavailable(await Api.GetAsync(path, "lm_any-token-at-all"));
    }

    [Test]
    public async Task Post_DatabaseUnreachable_Is503Not500()
    {
        AssertUnavailable(await Api.PostJsonAsync("/v1/admin/users/usr_1/api-credentials", "lm_any-token-at-all", "{}"));
    }

    [Test]
    public async Task UnknownRoute_DatabaseUnreachable_IsStill404()
    {
        EnvelopeAssert.Error(await Api.GetAsync("/v1/nope", null), 404, "NOT_FOUND");
    }
}
