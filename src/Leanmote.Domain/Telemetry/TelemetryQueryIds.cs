using Leanmote.Domain.Common;

namespace Leanmote.Domain.Telemetry;

/// <summary>A normalized OTLP log record ("telemetry event", otel.md §9): <c>tev_&lt;n&gt;</c>.</summary>
public readonly record struct TelemetryEventId(long Value) : IPublicId<TelemetryEventId>
{
    public static string Prefix => "tev";
    public static TelemetryEventId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

/// <summary>A metric series: <c>tms_&lt;n&gt;</c>.</summary>
public readonly record struct MetricSeriesId(long Value) : IPublicId<MetricSeriesId>
{
    public static string Prefix => "tms";
    public static MetricSeriesId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

/// <summary>A telemetry identity (otel.md §8): <c>tid_&lt;n&gt;</c>.</summary>
public readonly record struct TelemetryIdentityId(long Value) : IPublicId<TelemetryIdentityId>
{
    public static string Prefix => "tid";
    public static TelemetryIdentityId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

/// <summary>A stored raw OTLP payload (the ingest audit trail, otel.md §9): <c>tpl_&lt;n&gt;</c>.</summary>
public readonly record struct TelemetryPayloadId(long Value) : IPublicId<TelemetryPayloadId>
{
    public static string Prefix => "tpl";
    public static TelemetryPayloadId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}
