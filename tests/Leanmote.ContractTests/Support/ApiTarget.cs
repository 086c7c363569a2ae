using System.Reflection;

namespace Leanmote.ContractTests.Support;

/// <summary>
/// The server the suite talks to. With <c>LEANMOTE_BASE_URL</c> and <c>LEANMOTE_TOKEN</c> set, that remote server
/// and token; otherwise the API in-process on a real socket over a fresh database with <see cref="FixtureData"/>.
/// Tests that need their own fixture data carry <c>[Category("InProcess")]</c>; <see cref="SkipUnlessInProcess"/>
/// is the one place that skips them against a remote target.
/// </summary>
public sealed class ApiTarget : IAsyncDisposable
{
    public const string InProcessCategory = "InProcess";

    private readonly FixtureData? _data;

    private ApiTarget(ApiClient client, string token, InProcessApi? host, FixtureData? data)
    {
        Client = client;
        Token = token;
        Host = host;
        _data = data;
    }

    public ApiClient Client { get; }

    /// <summary>A valid token: LEANMOTE_TOKEN remotely, Alice's (Acme admin) in-process.</summary>
    public string Token { get; }

    /// <summary>The in-process host; null against a remote target.</summary>
    public InProcessApi? Host { get; }

    public bool IsInProcess => Host is not null;

    /// <summary>The known fixture rows; only in-process tests may ask for them.</summary>
    public FixtureData Data => _data ?? throw new InvalidOperationException("Fixture data exists only in-process; mark the test [Category(\"InProcess\")]");

    public static bool IsRemoteConfigured =>
        Environment.GetEnvironmentVariable("LEANMOTE_BASE_URL") is { Length: > 0 } && Environment.GetEnvironmentVariable("LEANMOTE_TOKEN") is { Length: > 0 };

    /// <summary>Settings of the main in-process host: limits high enough that the suite never meets them.</summary>
    private static readonly Dictionary<string, string> MainSettings = new(StringComparer.Ordinal)
    {
        ["Leanmote__Access__RequestsPerMinute"] = "1000000",
        ["Leanmote__Access__RequestsPerHour"] = "1000000",
        ["Leanmote__Access__AuthenticationFailuresPerMinute"] = "1000000",
    };

    public static async Task<ApiTarget> StartAsync()
    {
        if (IsRemoteConfigured)
        {
            var url = Environment.GetEnvironmentVariable("LEANMOTE_BASE_URL")!;
            var client = new ApiClient(new Uri(url.EndsWith('/') ? url : url + "/"), waitOutRateLimits: true);
            return new ApiTarget(client, Environment.GetEnvironmentVariable("LEANMOTE_TOKEN")!, null, null);
        }

        var host = await InProcessApi.StartWithFreshDatabaseAsync(InProcessApi.DatabaseName(), MainSettings);
        var local = new ApiClient(host.BaseAddress);
        try
        {
            var data = await FixtureData.InsertAsync(host, local);
            return new ApiTarget(local, data.AliceToken, host, data);
        }
        catch
        {
            local.Dispose();
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Skips (Assert.Ignore) a test or fixture that carries the InProcess category when the target is remote.</summary>
    public static void SkipUnlessInProcess(bool isInProcess, Type fixture, MethodInfo? test = null)
    {
        if (isInProcess) return;
        var categories = fixture.GetCustomAttributes<CategoryAttribute>(inherit: true)
            .Concat(test?.GetCustomAttributes<CategoryAttribute>(inherit: true) ?? [])
            .Select(c => c.Name);
        if (categories.Contains(InProcessCategory, StringComparer.Ordinal))
        {
            Assert.Ignore("Needs its own fixture data or host; runs only in-process (LEANMOTE_BASE_URL is set)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Host is not null) await Host.DisposeAsync();
    }
}
