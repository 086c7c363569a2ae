using System.Globalization;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>scim.md §3.4 with two API hosts of their own over one database and a per-token limit of 4 per minute.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimRateLimitTests
{
    private const int PerMinute = 4;
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Leanmote__Scim__RequestsPerMinute"] = PerMinute.ToString(CultureInfo.InvariantCulture),
    };

    private InProcessApi? _first, _second;
    private ApiClient? _firstApi, _secondApi;

    [OneTimeSetUp]
    public async Task StartTwoHostsAsync()
    {
        ApiTarget.SkipUnlessInProcess(!ApiTarget.IsRemoteConfigured, GetType());
        _first = await InProcessApi.StartWithFreshDatabaseAsync(InProcessApi.DatabaseName("_scimrl"), Settings);
        _second = await InProcessApi.StartAsync(_first.ConnectionString, Settings);
        _firstApi = new ApiClient(_first.BaseAddress);
        _secondApi = new ApiClient(_second.BaseAddress);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _firstApi?.Dispose();
        _secondApi?.Dispose();
        if (_second is not null) await _second.DisposeAsync();
        if (_first is not null) await _first.DisposeAsync();
    }

    [Test]
    public async Task TheLimitIsSharedAcrossProcesses_AndSpentIs429WithRetryAfter()
    {
        var now = DateTimeOffset.UtcNow;
        if (now.Second >= 50) await Task.Delay(TimeSpan.FromSeconds(61 - now.Second));
        var tenant = await ScimTenant.CreateAsync(_first!);

        var answers = new List<ApiResponse>();
        for (var i = 0; i < PerMinute; i++) answers.Add(await Scim.GetAsync(i % 2 == 0 ? _firstApi! : _secondApi!, "/Users", tenant.ScimToken));
        var spent = await Scim.GetAsync(_secondApi!, "/Users", tenant.ScimToken);

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(200));
        Assert.That(answers.Select(a => a.Header("X-RateLimit-Remaining")), Is.EqualTo(new[] { "3", "2", "1", "0" }));
        Scim.ExpectError(spent, 429);
        Assert.That(int.Parse(spent.Header("Retry-After")!, CultureInfo.InvariantCulture), Is.InRange(1, 60));
        Assert.That(spent.Header("X-RateLimit-Limit"), Is.EqualTo("4"));
        Scim.Expect(await Scim.GetAsync(_firstApi!, "/ServiceProviderConfig", tenant.ScimToken), 200);
    }
}
