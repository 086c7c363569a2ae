using System.Diagnostics;
using System.Text.Json;
using Leanmote.Infrastructure.Telemetry.Otlp;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Npgsql;

namespace Leanmote.ContractTests.Otel;

/// <summary>
/// otel.md §12: a real OpenTelemetry JS SDK (the exporters Claude Code's SDK line uses, http/json encoding) sends logs,
/// metrics and traces to the API on its loopback socket (tests/otel-js-client/send.mjs, Node.js). The stored JSON
/// payloads decode with hex ids intact.
/// </summary>
[TestFixture]
public sealed class OtelJsExporterTests : OtelTest
{
    private static string ClientDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "otel-js-client"))) dir = dir.Parent;
            return dir is null ? throw new DirectoryNotFoundException("tests/otel-js-client not found above " + AppContext.BaseDirectory)
                : Path.Combine(dir.FullName, "tests", "otel-js-client");
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string arguments, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = ClientDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within {timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    [Test]
    public async Task JsSdk_HttpJson_LogsMetricsAndTraces_AreStored()
    {
        if (!Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@opentelemetry")))
        {
            var install = await RunAsync("npm", "ci --no-audit --no-fund", new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
            Assert.That(install.ExitCode, Is.Zero, "npm ci in tests/otel-js-client: " + install.Stderr);
        }
        var (token, id) = await CreateIngestTokenAsync("js sdk exporter");
        var tokenId = long.Parse(id["itk_".Length..], System.Globalization.CultureInfo.InvariantCulture);

        var run = await RunAsync("node", "send.mjs", new Dictionary<string, string>
        {
            ["LEANMOTE_OTLP_BASE"] = new Uri(Target.Client.BaseAddress, "otel").ToString().TrimEnd('/'),
            ["LEANMOTE_INGEST_TOKEN"] = token,
            ["LEANMOTE_MARKER"] = "js-" + Guid.NewGuid().ToString("N"),
        }, TimeSpan.FromSeconds(60));

        Assert.That(run.ExitCode, Is.Zero, $"node send.mjs: {run.Stdout} {run.Stderr}");
        var sent = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement;
        var rows = new List<(string Signal, string Encoding, byte[] Payload, int Rejected)>();
        await using (var conn = new NpgsqlConnection(Target.Host!.ConnectionString))
        {
            await conn.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT signal, encoding, payload, rejected_count FROM otel_raw_payloads WHERE ingest_token_id = @t", conn);
            command.Parameters.AddWithValue("t", tokenId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), (byte[])reader[2], reader.GetInt32(3)));
        }

        Assert.That(rows.Select(r => r.Signal).Distinct(), Is.EquivalentTo(new[] { "logs", "metrics", "traces" }));
        Assert.That(rows.Select(r => r.Encoding), Is.All.EqualTo("json"), "the JS exporters send OTLP JSON");
        var spans = rows.Where(r => r.Signal == "traces").Select(r => OtlpJsonDecoder.Parse<ExportTraceServiceRequest>(r.Payload))
            .SelectMany(r => r.ResourceSpans).SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).ToList();
        var metrics = rows.Where(r => r.Signal == "metrics").Select(r => OtlpJsonDecoder.Parse<ExportMetricsServiceRequest>(r.Payload))
            .SelectMany(r => r.ResourceMetrics).SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).ToList();
        var records = rows.Where(r => r.Signal == "logs").Select(r => OtlpJsonDecoder.Parse<ExportLogsServiceRequest>(r.Payload))
            .SelectMany(r => r.ResourceLogs).SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(spans.Select(s => (s.Name, Convert.ToHexStringLower(s.TraceId.ToByteArray()), Convert.ToHexStringLower(s.SpanId.ToByteArray()))),
                Does.Contain(("deploy", sent.GetProperty("traceId").GetString(), sent.GetProperty("spanId").GetString())), "hex ids read as hex");
            Assert.That(metrics.Select(m => m.Name), Is.SupersetOf(new[] { "workflow.deploys", "workflow.duration" }));
            Assert.That(records.Select(r => r.EventName), Does.Contain("workflow.deploy.finished"));
            Assert.That(records.Select(r => r.Body.StringValue), Does.Contain("deploy finished"));
            Assert.That(rows.Select(r => r.Rejected), Is.All.Zero);
        });
    }
}
