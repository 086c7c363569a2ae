using Leanmote.Application.Scim.Resources;
using Leanmote.Application.Scim.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Leanmote.Application.Scim;

/// <summary>The SCIM surface's Application services (called once from <see cref="DependencyInjection.AddApplication"/>).</summary>
public static class ScimModule
{
    public static IServiceCollection AddScimModule(this IServiceCollection services)
    {
        services.AddSingleton<ScimProjector>();
        services.AddScoped<ScimUsers>();
        services.AddScoped<ScimGroups>();
        services.AddScoped<ScimAuthenticator>();
        services.AddOptions<ScimOptions>();
        return services;
    }
}
