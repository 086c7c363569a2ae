using FluentValidation;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Leanmote.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // The behaviour order is the pipeline, outermost first (style.md §4); a unit test pins it.
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehaviour<,>),
                typeof(AuthenticationBehaviour<,>),
                typeof(RateLimitBehaviour<,>),
                typeof(AuthorizationBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(QueryOptionsBehaviour<,>),
                typeof(MetricParametersBehaviour<,>),
                typeof(IdempotencyBehaviour<,>),
            ];
        });
        services.AddValidatorsFromAssemblyContaining<RequestContext>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddScoped<RequestContext>();
        services.AddScoped<Metrics.Engine.MetricRequestRunner>();
        Scim.ScimModule.AddScimModule(services);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
