using Leanmote.Application.Scim.Resources;
using Leanmote.Application.Scim.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Leanmote.Infrastructure.Scim;

/// <summary>The SCIM module's Infrastructure services, registered by <see cref="DependencyInjection.AddInfrastructure"/>.</summary>
internal static class ScimRegistration
{
    public static void AddScim(IServiceCollection services)
    {
        services.AddSingleton<ScimTokenStore>();
        services.AddSingleton<IScimTokenStore, CachingScimTokenStore>();
        services.AddSingleton<IScimUserStore, ScimUserStore>();
        services.AddSingleton<IScimGroupStore, ScimGroupStore>();
    }
}
