using System.Globalization;
using Leanmote.Application.Access;
using Leanmote.Infrastructure;
using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Options;

namespace Leanmote.Api.Hosting;

/// <summary>
/// The executable's administrative commands. They read the same configuration as <c>serve</c>, log to stderr,
/// and print only their result on stdout, so scripts can capture it.
/// </summary>
public static class HostCommands
{
    private const string Usage = """
        usage: Leanmote.Api [command]
          serve                                  run the API (default)
          migrate                                apply pending database migrations
          seed-demo [--size small|large] [--seed N]
                                                 load the demo organizations (idempotent)
          create-token --email E [--expires-at T]
                                                 create an API token for the user with that email; prints the token alone
          create-ingest-token --organization SLUG [--name N]
                                                 create an OTLP ingest token for that organization; prints the token alone
        The database comes from LEANMOTE_DATABASE_URL or ConnectionStrings__Leanmote.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args[0];
        var options = ParseOptions(args.Skip(1).ToArray());
        if (options is null || command is not ("migrate" or "seed-demo" or "create-token" or "create-ingest-token"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        try
        {
            return await RunCommandAsync(command, options);
        }
        catch (Exception e) when (e is CommandFailedException or MisconfigurationException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> RunCommandAsync(string command, IReadOnlyDictionary<string, string> options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddInfrastructure(HostSettings.ConnectionString(builder.Configuration));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AccessOptions>().Configure<IConfiguration, IHostEnvironment>((o, config, env) => HostSettings.ConfigureAccess(o, config, env));
        using var host = builder.Build();
        var services = host.Services;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var ct = cancel.Token;

        await Migrator.EnsureDatabaseExistsAsync(HostSettings.ConnectionString(builder.Configuration), ct);
        var applied = await services.GetRequiredService<Migrator>().MigrateAsync(ct);
        if (command == "migrate")
        {
            await Console.Error.WriteLineAsync($"migrations applied: {applied}");
            return 0;
        }
        return command switch
        {
            "seed-demo" => await SeedDemo.RunAsync(services, options, ct),
            "create-ingest-token" => await Telemetry.IngestTokenCommand.RunAsync(services, options, ct),
            _ => await CreateTokenAsync(services, options, ct),
        };
    }

    private static async Task<int> CreateTokenAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, CancellationToken ct)
    {
        if (!options.TryGetValue("email", out var email)) throw new CommandFailedException("create-token needs --email");
        DateTimeOffset? expiresAt = null;
        if (options.TryGetValue("expires-at", out var raw))
        {
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                throw new CommandFailedException($"--expires-at '{raw}' is not an ISO-8601 timestamp");
            if (at <= DateTimeOffset.UtcNow) throw new CommandFailedException("--expires-at must be in the future");
            expiresAt = at;
        }
        var salt = services.GetRequiredService<IOptions<AccessOptions>>().Value.TokenSalt;
        var outcome = await services.GetRequiredService<TokenIssuer>().IssueForEmailAsync(email, expiresAt, salt, ct);
        if (outcome.Token is null) throw new CommandFailedException(outcome.Problem!);
        await Console.Out.WriteLineAsync(outcome.Token);
        return 0;
    }

    /// <summary>Parses <c>--name value</c> pairs; null when they are malformed.</summary>
    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) return null;
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }
}

/// <summary>A host command could not do what it was asked; the message is for the operator.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
