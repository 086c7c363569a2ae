using System.Diagnostics;
using System.Diagnostics.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Logs;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Metrics;
using Leanmote.Infrastructure.Telemetry.Otlp.Collector.Trace;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Leanmote.ContractTests.Otel;

/// <summary>
/// otel.md §12: the real OpenTelemetry .NET SDK exporter (OTLP, http/protobuf) sends logs, metrics and traces to the API
/// on its loopback socket; the raw payloads are stored pending, under the token's organization.
/// </summary>
[TestFixture]
public sealed class OtelSdkExporterTests : OtelTest
{
    [Test]
    public async Task DotnetSdk_HttpProtobuf_LogsMetricsAndTraces_AreStored()
    {
        var (token, id) = await CreateIngestTokenAsync("dotnet sdk exporter");
        var tokenId = long.Parse(id["itk_".Length..], System.Globalization.CultureInfo.InvariantCulture);
        void Configure(OtlpExporterOptions options, string signal)
        {
            options.Endpoint = new Uri(Target.Client.BaseAddress, "otel/v1/" + signal);
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
            options.Headers = "Authorization=Bearer " + token;
            options.TimeoutMilliseconds = 10_000;
        }
        var resource = ResourceBuilder.CreateEmpty().AddService("release-pipeline", serviceVersion: "1.2.3");

        string traceId, spanId;
        using var source = new ActivitySource("Leanmote.ContractTests.Sdk");
        using (var tracer = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(source.Name)
                   .AddOtlpExporter(o => Configure(o, "traces")).Build())
        {
            using (var activity = source.StartActivity("deploy", ActivityKind.Server)!)
            {
                activity.SetTag("cicd.pipeline.name", "release");
                traceId = activity.TraceId.ToHexString();
                spanId = activity.SpanId.ToHexString();
            }
            Assert.That(tracer.ForceFlush(15_000), Is.True, "trace export");
        }

        using var meter = new Meter("Leanmote.ContractTests.Sdk");
        using (var meters = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(meter.Name)
                   .AddOtlpExporter(o => Configure(o, "metrics")).Build())
        {
            meter.CreateCounter<long>("workflow.deploys", "count").Add(3, new KeyValuePair<string, object?>("deployment.environment.name", "production"));
            meter.CreateHistogram<double>("workflow.duration", "s").Record(12.5);
            Assert.That(meters.ForceFlush(15_000), Is.True, "metric export");
        }

        using (var loggers = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(resource);
                   o.AddOtlpExporter(e => Configure(e, "logs"));
               })))
        {
            loggers.CreateLogger("workflow.events").LogInformation("workflow {Step} finished for {Email}", "deploy", "dev@example.com");
        }

        var stored = await StoredAsync(tokenId);

        Assert.That(stored.Keys, Is.EquivalentTo(new[] { "logs", "metrics", "traces" }), "one payload per signal at least");
        var spans = stored["traces"].Select(p => ExportTraceServiceRequest.Parser.ParseFrom(p.Payload))
            .SelectMany(r => r.ResourceSpans).SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).ToList();
        var metrics = stored["metrics"].Select(p => ExportMetricsServiceRequest.Parser.ParseFrom(p.Payload))
            .SelectMany(r => r.ResourceMetrics).SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).ToList();
        var records = stored["logs"].Select(p => ExportLogsServiceRequest.Parser.ParseFrom(p.Payload))
            .SelectMany(r => r.ResourceLogs).SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(spans.Select(s => (s.Name, Convert.ToHexStringLower(s.TraceId.ToByteArray()), Convert.ToHexStringLower(s.SpanId.ToByteArray()))),
                Does.Contain(("deploy", traceId, spanId)));
            Assert.That(metrics.Select(m => m.Name), Is.SupersetOf(new[] { "workflow.deploys", "workflow.duration" }));
            Assert.That(records.SelectMany(r => r.Attributes).Where(a => a.Key == "Step").Select(a => a.Value.StringValue), Does.Contain("deploy"));
            Assert.That(stored.Values.SelectMany(v => v).Select(p => p.Status), Is.All.AnyOf("pending", "normalized"),
                "stored pending; the hosted normalizer may already have taken them");
            Assert.That(stored.Values.SelectMany(v => v).Select(p => p.UserAgent), Is.All.StartWith("OTel-OTLP-Exporter-Dotnet"));
            Assert.That(stored.Values.SelectMany(v => v).Select(p => p.Rejected), Is.All.Zero);
        });
    }

    private sealed record StoredPayload(byte[] Payload, string Status, string? UserAgent, int Rejected);

    private static async Task<Dictionary<string, List<StoredPayload>>> StoredAsync(long tokenId)
    {
        var result = new Dictionary<string, List<StoredPayload>>(StringComparer.Ordinal);
        await using var conn = new NpgsqlConnection(Target.Host!.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT signal, payload, status, user_agent, rejected_count FROM otel_raw_payloads WHERE ingest_token_id = @t ORDER BY id", conn);
        command.Parameters.AddWithValue("t", tokenId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var signal = reader.GetString(0);
            if (!result.TryGetValue(signal, out var list)) result[signal] = list = [];
            list.Add(new StoredPayload((byte[])reader[1], reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4)));
        }
        return result;
    }
}
