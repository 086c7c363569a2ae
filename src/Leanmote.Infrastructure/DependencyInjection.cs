using Leanmote.Application.Access;
using Leanmote.Application.Common.Idempotency;
using Leanmote.Application.Delivery;
using Leanmote.Application.Calendar;
using Leanmote.Application.Dashboards;
using Leanmote.Application.Interactions;
using Leanmote.Application.Meta;
using Leanmote.Application.Organizations;
using Leanmote.Application.Work;
using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Calendar;
using Leanmote.Infrastructure.Dashboards;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Delivery;
using Leanmote.Infrastructure.Idempotency;
using Leanmote.Infrastructure.Interactions;
using Leanmote.Infrastructure.Meta;
using Leanmote.Infrastructure.Organizations;
using Leanmote.Infrastructure.Sql;
using Leanmote.Infrastructure.Work;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Leanmote.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, string connectionString)
    {
        DapperSetup.Configure();
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(DatabaseTimeouts.WithDefaults(connectionString)) { Name = "leanmote" };
            // JIT compilation costs ~1 s on the planner's (pessimistic) estimates of the metrics statements and never
            // pays back on requests that must answer in milliseconds (ADR 0042); options in the URL are kept.
            builder.ConnectionStringBuilder.Options = string.Join(' ', new[] { builder.ConnectionStringBuilder.Options, "-c jit=off" }.Where(o => !string.IsNullOrWhiteSpace(o)));
            return builder.Build();
        });
        services.AddSingleton<DbRetry>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<TokenCache>();
        services.AddSingleton<Telemetry.Identities.TelemetryIdentityResolver>();   // the normalizer and SCIM (otel.md §8.2)
        services.AddSingleton<ITokenStore, CachingTokenStore>();
        services.AddHostedService<AccessChangeListener>();
        services.AddSingleton<RateLimitStore>();
        services.AddSingleton<IRateLimitStore>(sp => sp.GetRequiredService<RateLimitStore>());
        services.AddSingleton<AccessReader>();
        services.AddSingleton<IAccessReader, CachingAccessReader>();
        services.AddSingleton<IApiCredentialStore, ApiCredentialStore>();
        services.AddSingleton<OrganizationReader>();
        services.AddSingleton<IOrganizationReader, CachingOrganizationReader>();
        services.AddSingleton<IHealthProbe, HealthProbe>();
        services.AddSingleton<IWorkReader, WorkReader>();
        services.AddSingleton<ICalendarReader, CalendarReader>();
        services.AddSingleton<IInteractionReader, InteractionReader>();
        services.AddSingleton<IDashboardReader, DashboardReader>();
        services.AddSingleton<Application.Git.IGitReader, Git.GitReader>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<Demo.DemoDataLoader>();
        services.AddSingleton<IDeliveryReader, DeliveryReader>();
        services.AddSingleton<Application.Metrics.Settings.IMetricSettingsReader, Metrics.MetricSettingsReader>();
        services.AddSingleton<Application.Metrics.Settings.IMetricSettingsStore, Metrics.MetricSettingsStore>();
        services.AddSingleton<Application.Metrics.Engine.IMetricScopeReader, Metrics.MetricScopeReader>();
        services.AddSingleton<Application.Metrics.Engine.IMetricSources, Metrics.MetricSources>();
        services.AddSingleton<IDeliveryStore, DeliveryStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<IdempotencyStore>());
        services.AddSingleton<Application.Teams.ITeamReader, Teams.TeamReader>();
        services.AddSingleton<Application.Users.IUserReader, Users.UserReader>();
        services.AddSingleton<Application.Integrations.IAppReader, Integrations.AppReader>();
        Scim.ScimRegistration.AddScim(services);
        return services;
    }
}
