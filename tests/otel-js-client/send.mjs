// A real OpenTelemetry JS SDK (0.223 / 2.12 line) exporting logs, metrics and traces over OTLP http/json to
// LEANMOTE_OTLP_BASE (…/otel) with LEANMOTE_INGEST_TOKEN. Prints one JSON line: export result codes, errors,
// and the ids of the span it sent. Exit code 1 when any export failed. Run by OtelJsExporterTests.
import { logs } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

const base = process.env.LEANMOTE_OTLP_BASE;
const headers = { Authorization: `Bearer ${process.env.LEANMOTE_INGEST_TOKEN}` };
const marker = process.env.LEANMOTE_MARKER ?? 'js-client';
const results = [];
const errors = [];

function watched(exporter, signal) {
  const original = exporter.export.bind(exporter);
  exporter.export = (items, done) => original(items, (result) => {
    results.push({ signal, code: result.code });
    if (result.error) errors.push(`${signal}: ${result.error.message ?? result.error}`);
    done(result);
  });
  return exporter;
}

const resource = resourceFromAttributes({ 'service.name': 'js-workflow', 'service.version': '0.1.0', 'bench.marker': marker });

const loggerProvider = new LoggerProvider({
  resource,
  processors: [new SimpleLogRecordProcessor({ exporter: watched(new OTLPLogExporter({ url: `${base}/v1/logs`, headers }), 'logs') })],
});
loggerProvider.getLogger('workflow.events', '1.0.0').emit({
  eventName: 'workflow.deploy.finished',
  severityNumber: 9,
  severityText: 'INFO',
  body: 'deploy finished',
  attributes: { 'user.email': 'dev@example.com', 'cicd.pipeline.name': 'release', 'marker': marker, 'duration_ms': 842 },
});

const meterProvider = new MeterProvider({
  resource,
  readers: [new PeriodicExportingMetricReader({
    exporter: watched(new OTLPMetricExporter({ url: `${base}/v1/metrics`, headers }), 'metrics'),
    exportIntervalMillis: 60000,
  })],
});
const meter = meterProvider.getMeter('workflow.metrics');
meter.createCounter('workflow.deploys', { unit: '1' }).add(2, { 'deployment.environment.name': 'production' });
meter.createHistogram('workflow.duration', { unit: 's' }).record(12.5);

const tracerProvider = new BasicTracerProvider({
  resource,
  spanProcessors: [new SimpleSpanProcessor(watched(new OTLPTraceExporter({ url: `${base}/v1/traces`, headers }), 'traces'))],
});
const span = tracerProvider.getTracer('workflow.tracer').startSpan('deploy', { attributes: { 'cicd.pipeline.name': 'release' } });
span.end();
const { traceId, spanId } = span.spanContext();

await loggerProvider.forceFlush();
await meterProvider.forceFlush();
await tracerProvider.forceFlush();
await Promise.all([loggerProvider.shutdown(), meterProvider.shutdown(), tracerProvider.shutdown()]);

console.log(JSON.stringify({ results, errors, traceId, spanId }));
process.exit(errors.length === 0 && results.length >= 3 && results.every((r) => r.code === 0) ? 0 : 1);
