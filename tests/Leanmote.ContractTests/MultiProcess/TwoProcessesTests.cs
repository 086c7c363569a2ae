using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.ContractTests.MultiProcess;

/// <summary>
/// Two real API processes on one database: the rate limit holds in total (the counters are shared), and a
/// credential revoked through one process stops working on the other within seconds (LISTEN/NOTIFY).
/// </summary>
[TestFixture]
[Category("InProcess")]
[NonParallelizable]
public sealed class TwoProcessesTests
{
    private const int PerMinute = 10;
    private readonly List<Process> _servers = [];
    private string _connectionString = "";
    private string _token = "";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    [OneTimeSetUp]
    public async Task StartTwoServers()
    {
        if (Environment.GetEnvironmentVariable("LEANMOTE_BASE_URL") is { Length: > 0 })
            Assert.Ignore("Starts its own API processes and database; not applicable to a deployed target");
        var server = Environment.GetEnvironmentVariable("LEANMOTE_TEST_DATABASE_URL") is { Length: > 0 } url
            ? url : "Host=127.0.0.1;Port=55432;Username=postgres";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..8];
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"leanmote_ct_multi_{hash}", Pooling = false }.ConnectionString;
        await RecreateDatabaseAsync(server, $"leanmote_ct_multi_{hash}");

        Assert.That(await RunCommandAsync("migrate"), Is.EqualTo((0, "")));
        await using (var conn = new NpgsqlConnection(_connectionString))
        {
            await conn.OpenAsync();
            await using var seed = new NpgsqlCommand("""
                INSERT INTO organizations (name, slug) VALUES ('Initech', 'initech');
                INSERT INTO users (name, email) VALUES ('Peter Gibbons', 'peter@initech.example');
                INSERT INTO organization_members (organization_id, user_id, role)
                SELECT o.id, u.id, 'admin' FROM organizations o, users u;
                """, conn);
            await seed.ExecuteNonQueryAsync();
        }
        var (exit, token) = await RunCommandAsync("create-token", "--email", "peter@initech.example");
        Assert.That(exit, Is.Zero);
        _token = token;

        for (var i = 0; i < 2; i++) _servers.Add(StartServer(FreePort()));
        foreach (var process in _servers) await WaitUntilHealthyAsync(BaseUrl(process));
    }

    [OneTimeTearDown]
    public void StopServers()
    {
        foreach (var process in _servers)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
            process.Dispose();
        }
        _http.Dispose();
    }

    [Test, Order(1)]
    public async Task RateLimit_RequestsSpreadOverTwoProcesses_LimitHoldsInTotal()
    {
        // stay inside one minute window so the count is exact
        var second = DateTimeOffset.UtcNow.Second;
        if (second > 45) await Task.Delay(TimeSpan.FromSeconds(61 - second));

        var statuses = new List<HttpStatusCode>();
        var remaining = new List<int>();
        for (var i = 0; i < PerMinute * 2; i++)
        {
            using var response = await GetAsync(BaseUrl(_servers[i % 2]) + "/v1/organizations");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK)
                remaining.Add(int.Parse(response.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture));
            else
                Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(PerMinute), "successes across both processes");
            Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(PerMinute), "rejections across both processes");
            Assert.That(statuses.Take(PerMinute), Is.All.EqualTo(HttpStatusCode.OK));
            // the hourly window counts every request of both processes, in order
            Assert.That(remaining, Is.EqualTo(Enumerable.Range(0, PerMinute).Select(i => 1000 - 1 - i)));
        });
    }

    [Test, Order(2)]
    public async Task Revocation_ThroughOneProcess_StopsTheTokenOnTheOtherWithinSeconds()
    {
        // a fresh token (the first one has spent its minute) used on process B, so B caches it
        var (_, token) = await RunCommandAsync("create-token", "--email", "peter@initech.example");
        var a = BaseUrl(_servers[0]);
        var b = BaseUrl(_servers[1]);
        using (var warm = await GetAsync(b + "/v1/organizations", token)) Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        string credentialId;
        await using (var conn = new NpgsqlConnection(_connectionString))
        {
            await conn.OpenAsync();
            await using var find = new NpgsqlCommand("SELECT 'cred_' || max(id) FROM api_credentials", conn);
            credentialId = (string)(await find.ExecuteScalarAsync())!;
        }
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, $"{a}/v1/admin/users/usr_1/api-credentials/{credentialId}"))
        {
            revoke.Headers.Authorization = new("Bearer", token);
            using var revoked = await _http.SendAsync(revoke);
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await GetAsync(b + "/v1/organizations", token);
            status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized) break;
            await Task.Delay(50);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(5));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), $"process B still accepted the revoked token after {clock.ElapsedMilliseconds} ms");
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", token ?? _token);
        return await _http.SendAsync(request);
    }

    private static string BaseUrl(Process process) => (string)process.StartInfo.Environment["LEANMOTE_TEST_URL"]!;

    private Process StartServer(int port)
    {
        var url = $"http://127.0.0.1:{port}";
        var start = ApiStartInfo("serve", "--urls", url);
        start.Environment["LEANMOTE_TEST_URL"] = url;
        start.Environment["Leanmote__Access__RequestsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Leanmote__Access__RequestsPerHour"] = "1000";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilHealthyAsync(string baseUrl)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var response = await _http.GetAsync(baseUrl + "/v1/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        Assert.Fail($"API at {baseUrl} did not become healthy within 30 s");
    }

    private async Task<(int Exit, string Stdout)> RunCommandAsync(params string[] args)
    {
        using var process = Process.Start(ApiStartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stderr;
        return (process.ExitCode, (await stdout).Trim());
    }

    private ProcessStartInfo ApiStartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ApiAssembly());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["LEANMOTE_DATABASE_URL"] = _connectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        return start;
    }

    /// <summary>The Api's own build output (same configuration as this test assembly), found from the repository root.</summary>
    private static string ApiAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = directory.Parent!.Name;   // bin/<Configuration>/net10.0/
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Leanmote.slnx"))) directory = directory.Parent;
        Assert.That(directory, Is.Not.Null, "repository root not found");
        var path = Path.Combine(directory!.FullName, "src", "Leanmote.Api", "bin", configuration, "net10.0", "Leanmote.Api.dll");
        Assert.That(File.Exists(path), Is.True, $"{path} is missing: build the solution first");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RecreateDatabaseAsync(string server, string name)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await create.ExecuteNonQueryAsync();
    }
}
