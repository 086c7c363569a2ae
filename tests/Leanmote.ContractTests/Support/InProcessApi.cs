using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Leanmote.ContractTests.Support;

/// <summary>The outcome of running the API executable as a host command (<c>dotnet Leanmote.Api.dll …</c>).</summary>
public sealed record CommandOutcome(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// One API process hosted in-process on a real Kestrel socket (127.0.0.1, free port) over its own database.
/// Program.cs reads its configuration while the builder runs, so the settings travel as process environment
/// variables that are set just before the host is built and restored right after it started.
/// </summary>
public sealed class InProcessApi : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly Dictionary<string, string?> _environment;

    private InProcessApi(WebApplicationFactory<Program> factory, Uri baseAddress, string connectionString, Dictionary<string, string?> environment)
    {
        _factory = factory;
        BaseAddress = baseAddress;
        ConnectionString = connectionString;
        _environment = environment;
    }

    public Uri BaseAddress { get; }

    /// <summary>The host's services (for comparing the served OpenAPI document with the mapped routes).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>The API's database (what LEANMOTE_DATABASE_URL names).</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster the suite creates its databases on.</summary>
    public static string ClusterConnectionString =>
        Environment.GetEnvironmentVariable("LEANMOTE_TEST_DATABASE_URL") is { Length: > 0 } url ? url : "Host=127.0.0.1;Port=55432;Username=postgres";

    /// <summary><c>leanmote_ct_&lt;8 hex of SHA256(AppContext.BaseDirectory)&gt;</c>, plus a suffix for secondary hosts.</summary>
    public static string DatabaseName(string suffix = "")
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..8];
        return "leanmote_ct_" + hash + suffix;
    }

    /// <summary>Drops and recreates <paramref name="database"/> on the test cluster, then starts the API over it.</summary>
    public static async Task<InProcessApi> StartWithFreshDatabaseAsync(string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        await RecreateDatabaseAsync(database);
        var connectionString = new NpgsqlConnectionStringBuilder(ClusterConnectionString) { Database = database }.ConnectionString;
        return await StartAsync(connectionString, settings);
    }

    /// <summary>Starts the API with <paramref name="connectionString"/> as its database and extra configuration as environment variables.</summary>
    public static async Task<InProcessApi> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["LEANMOTE_DATABASE_URL"] = connectionString,
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;

        var saved = environment.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable, StringComparer.Ordinal);
        var factory = new WebApplicationFactory<Program>();
        try
        {
            foreach (var (key, value) in environment) Environment.SetEnvironmentVariable(key, value);
            factory.UseKestrel(0);
            await Task.Run(factory.StartServer);
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
        finally
        {
            foreach (var (key, value) in saved) Environment.SetEnvironmentVariable(key, value);
        }

        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.First();
        return new InProcessApi(factory, new Uri(address.EndsWith('/') ? address : address + "/"), connectionString, environment);
    }

    public static async Task RecreateDatabaseAsync(string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(ClusterConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync();
        var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", conn))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0", conn);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL against the API's database; returns the first column of the first row, if any.</summary>
    public async Task<object?> SqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Runs <c>dotnet Leanmote.Api.dll &lt;args&gt;</c> from the test output directory with this host's environment.</summary>
    public Task<CommandOutcome> RunHostCommandAsync(params string[] args) => RunHostCommandAsync(_environment, args);

    public static async Task<CommandOutcome> RunHostCommandAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Leanmote.Api.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host command");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"host command '{string.Join(' ', args)}' did not finish within 60 s");
        }
        return new CommandOutcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Creates a token through the real <c>create-token</c> command; asserts that stdout is the token alone.</summary>
    public async Task<string> CreateTokenAsync(string email, DateTimeOffset? expiresAt = null)
    {
        string[] args = expiresAt is { } at
            ? ["create-token", "--email", email, "--expires-at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)]
            : ["create-token", "--email", email];
        var outcome = await RunHostCommandAsync(args);
        Assert.That(outcome.ExitCode, Is.Zero, $"create-token --email {email} failed: {outcome.StandardError}");
        var lines = outcome.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Has.Length.EqualTo(1), $"create-token must print only the token on stdout, printed: {outcome.StandardOutput}");
        Assert.That(lines[0], Does.Match("^[A-Za-z0-9._~-]{20,}$"), "the token line");
        return lines[0];
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
