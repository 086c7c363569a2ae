using Leanmote.Infrastructure.Telemetry.Identities;
using Leanmote.Infrastructure.Telemetry.Normalisation;
using Leanmote.Infrastructure.Telemetry.Queries;
using Leanmote.Application.Telemetry.Queries;

namespace Leanmote.Api.Telemetry;

/// <summary>Registers the OTLP normalizer (otel.md §7.2 step 2), identity matching (§8) and the telemetry query readers (§9).</summary>
public static class TelemetryNormalisationRegistration
{
    public static IServiceCollection AddTelemetryNormalisation(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Otel:Normalizer");
        var defaults = new TelemetryNormaliserOptions();
        services.AddSingleton(new TelemetryNormaliserOptions
        {
            Enabled = section.GetValue("Enabled", defaults.Enabled),
            Workers = Math.Clamp(section.GetValue("Workers", defaults.Workers), 1, 16),
            BatchSize = Math.Clamp(section.GetValue("BatchSize", defaults.BatchSize), 1, 1000),
            MaxBatchBytes = Math.Max(64 * 1024, section.GetValue("MaxBatchBytes", defaults.MaxBatchBytes)),
            MaxAttempts = Math.Max(1, section.GetValue("MaxAttempts", defaults.MaxAttempts)),
            PollInterval = TimeSpan.FromMilliseconds(Math.Clamp(section.GetValue("PollIntervalMs", (int)defaults.PollInterval.TotalMilliseconds), 50, 60_000)),
            LogRetentionDays = Math.Max(1, configuration.GetValue("Otel:LogRetentionDays", defaults.LogRetentionDays)),
            SpanRetentionDays = Math.Max(1, configuration.GetValue("Otel:SpanRetentionDays", defaults.SpanRetentionDays)),
            PointRetentionDays = Math.Max(1, configuration.GetValue("Otel:PointRetentionDays", defaults.PointRetentionDays)),
        });
        services.AddSingleton<NormalisationWriter>();
        services.AddSingleton<NormaliserEngine>();
        services.AddHostedService<TelemetryNormaliser>();
        services.AddSingleton<ITelemetryReader, TelemetryQueryReader>();
        services.AddSingleton<ITelemetryIdentityStore, TelemetryIdentityStore>();
        services.AddSingleton<ITelemetryPayloadReader, TelemetryPayloadReader>();
        return services;
    }
}
