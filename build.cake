// Leanmote build script. Targets: build, test (default), run, migrate, db-up, db-stop, bench.
// ./build.sh <target> is the usual way in; it restores this tool first.
using System.Xml.Linq;

var target = Argument("target", "test");
var configuration = Argument("configuration", "Release");
var solution = "./Leanmote.slnx";
var apiDll = $"./src/Leanmote.Api/bin/{configuration}/net10.0/Leanmote.Api.dll";
var resultsDir = MakeAbsolute(Directory("./artifacts/test-results"));
const string LocalServer = "Host=127.0.0.1;Port=55432;Username=postgres";

// The database: a configured one (LEANMOTE_DATABASE_URL or ConnectionStrings__Leanmote), else the private
// cluster under .leanmote/, started on demand.
string ConfiguredDatabase() =>
    EnvironmentVariable("LEANMOTE_DATABASE_URL") is { Length: > 0 } url ? url
    : EnvironmentVariable("ConnectionStrings__Leanmote") is { Length: > 0 } cs ? cs
    : null;

string EnsureDatabase(bool forTests)
{
    var configured = ConfiguredDatabase();
    if (configured is not null)
    {
        Information("Using the configured database server.");
        return configured;
    }
    var env = new Dictionary<string, string>();
    if (forTests) env["LEANMOTE_PG_FAST"] = "1";
    Run("bash", "scripts/pg-up.sh", env);
    return LocalServer + ";Database=leanmote";
}

void Run(string tool, string arguments, IDictionary<string, string> env = null)
{
    var settings = new ProcessSettings { Arguments = arguments, EnvironmentVariables = env ?? new Dictionary<string, string>() };
    var exit = StartProcess(tool, settings);
    if (exit != 0) throw new Exception($"{tool} {arguments} failed with exit code {exit}");
}

string Capture(string tool, string arguments, IDictionary<string, string> env)
{
    var settings = new ProcessSettings { Arguments = arguments, EnvironmentVariables = env, RedirectStandardOutput = true };
    using var process = StartAndReturnProcess(tool, settings);
    process.WaitForExit();
    var output = string.Join("\n", process.GetStandardOutput()).Trim();
    if (process.GetExitCode() != 0) throw new Exception($"{tool} {arguments} failed with exit code {process.GetExitCode()}");
    return output;
}

Dictionary<string, string> ApiEnvironment(string database) => new()
{
    ["LEANMOTE_DATABASE_URL"] = database,
    ["DOTNET_ENVIRONMENT"] = EnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development",
    ["ASPNETCORE_ENVIRONMENT"] = EnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Development",
};

Task("build").Does(() =>
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoLogo = true }));

Task("db-up").Does(() => EnsureDatabase(forTests: false));

Task("db-stop").Does(() => Run("bash", "scripts/pg-stop.sh"));

Task("migrate").IsDependentOn("build").Does(() =>
    Run("dotnet", $"{apiDll} migrate", ApiEnvironment(EnsureDatabase(forTests: false))));

Task("test").IsDependentOn("build").Does(() =>
{
    var database = EnsureDatabase(forTests: true);
    Run("bash", "scripts/ensure-node.sh");   // the OpenTelemetry JS exporter test and the OpenAPI linters run on Node
    // Test projects create their own databases on the same server: hand them the server without a database name.
    var server = System.Text.RegularExpressions.Regex.Replace(database, @"(?i)(^|;)\s*Database\s*=[^;]*", "").Trim(';');
    var env = new Dictionary<string, string> { ["LEANMOTE_TEST_DATABASE_URL"] = server };
    CleanDirectory(resultsDir);
    var failed = new List<string>();
    foreach (var project in GetFiles("./tests/**/*.csproj").OrderBy(p => p.FullPath))
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoLogo = true,
                Filter = Argument("filter", ""),
                EnvironmentVariables = env,
                ResultsDirectory = resultsDir,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=minimal" },
            });
        }
        catch (Exception)
        {
            failed.Add(name);
        }
    }

    long passed = 0, failures = 0;
    foreach (var trx in GetFiles($"{resultsDir}/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += long.Parse(counters.Attribute("passed").Value);
        failures += long.Parse(counters.Attribute("failed").Value) + long.Parse(counters.Attribute("error").Value)
            + long.Parse(counters.Attribute("timeout").Value) + long.Parse(counters.Attribute("aborted").Value);
    }
    // The contract tests save the served OpenAPI document; lint it with Spectral and Redocly (pinned in package.json).
    var document = "./artifacts/openapi/leanmote-v1.json";
    if (FileExists(document))
    {
        try
        {
            Run("bash", "scripts/lint-openapi.sh");
            passed++;
            Console.WriteLine("OpenAPI lint: passed");
        }
        catch (Exception)
        {
            failures++;
            failed.Add("OpenAPI lint");
        }
    }
    else if (EnvironmentVariable("LEANMOTE_BASE_URL") is null)
    {
        failures++;
        failed.Add("OpenAPI lint (no document was written by the contract tests)");
    }

    Console.WriteLine($"{passed} passed, {failures} failed");
    if (failed.Count > 0) throw new Exception($"Failed: {string.Join(", ", failed)}");
});

Task("run").IsDependentOn("build").Does(() =>
{
    var env = ApiEnvironment(EnsureDatabase(forTests: false));
    var size = Argument("size", "small");
    Run("dotnet", $"{apiDll} seed-demo --size {size}", env);
    var token = Capture("dotnet", $"{apiDll} create-token --email admin@acme.example", env);
    var ingestToken = Capture("dotnet", $"{apiDll} create-ingest-token --organization acme --name \"Demo telemetry\"", env);
    var scimToken = Capture("dotnet", $"{apiDll} create-scim-token --organization acme --description run-task --rotate true", env);
    var url = EnvironmentVariable("LEANMOTE_URL") ?? "http://127.0.0.1:5080";
    Console.WriteLine("");
    Console.WriteLine("Leanmote is starting on " + url);
    Console.WriteLine("Admin API token for admin@acme.example (shown once):");
    Console.WriteLine("  " + token);
    Console.WriteLine("Try:");
    Console.WriteLine($"  curl -s -H 'Authorization: Bearer {token}' {url}/v1/organizations");
    Console.WriteLine($"  curl -s {url}/v1/health");
    Console.WriteLine("Metrics of the last 30 days (docs/metrics.md; add &include=evidence to see the items behind each number):");
    Console.WriteLine($"  curl -s -H 'Authorization: Bearer {token}' {url}/v1/metrics/dora-metrics");
    Console.WriteLine("OTLP ingest token for Acme (shown once); paste into Claude Code or any OpenTelemetry SDK (docs/telemetry.md):");
    Console.WriteLine("  OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
    Console.WriteLine($"  OTEL_EXPORTER_OTLP_ENDPOINT={url}/otel");
    Console.WriteLine($"  OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer {ingestToken}");
    Console.WriteLine($"SCIM base URL: {url}/scim/v2");
    Console.WriteLine($"SCIM token (acme, shown once): {scimToken}");
    Console.WriteLine($"  curl -s -H 'Authorization: Bearer {scimToken}' '{url}/scim/v2/Users?count=2'");
    Console.WriteLine($"API reference: {url}/docs   OpenAPI: {url}/openapi/v1.json   Stop: Ctrl+C, then ./build.sh db-stop");
    Console.WriteLine("");
    Run("dotnet", $"{apiDll} serve --urls {url}", env);
});

Task("bench").IsDependentOn("build").Does(() =>
{
    EnsureDatabase(forTests: false);
    Run("bash", "scripts/bench.sh", new Dictionary<string, string> { ["CONFIGURATION"] = configuration });
});

RunTarget(target);
