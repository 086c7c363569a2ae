using Leanmote.Application.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Leanmote.Infrastructure.Telemetry;

public static class TelemetryServices
{
    /// <summary>The ingest half of the Telemetry module: token store and cache, raw payload store, backlog, limits, maintenance.</summary>
    public static IServiceCollection AddTelemetryIngest(this IServiceCollection services)
    {
        services.AddOptions<OtelOptions>();
        services.AddSingleton<IIngestTokenStore, IngestTokenStore>();
        services.AddSingleton<IngestTokenEntries>();
        services.AddSingleton<IngestTokenCache>();
        services.AddSingleton<IngestRateLimiter>();
        services.AddSingleton<OtelPayloadStore>();
        services.AddSingleton<OtelBacklog>();
        services.AddSingleton<OtelPartitionMaintenance>();
        services.AddHostedService<OtelMaintenanceService>();
        return services;
    }
}
