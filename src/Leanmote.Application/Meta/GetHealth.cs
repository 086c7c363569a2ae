using System.Reflection;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;

namespace Leanmote.Application.Meta;

public interface IHealthProbe
{
    /// <summary>True when the database answers a trivial query (after the transient-fault retries).</summary>
    Task<bool> DatabaseIsReachableAsync(CancellationToken ct);
}

public sealed record HealthView(string Status, string Database, string Version);

public static class GetHealth
{
    public sealed record Query : IQuery<Result<HealthView>>, IAllowAnonymous;

    internal sealed class Handler(IHealthProbe probe) : IQueryHandler<Query, Result<HealthView>>
    {
        private static readonly string Version =
            typeof(Handler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

        public async ValueTask<Result<HealthView>> Handle(Query query, CancellationToken cancellationToken) =>
            await probe.DatabaseIsReachableAsync(cancellationToken)
                ? new HealthView("ok", "ok", Version)
                : Error.ServiceUnavailable(TimeSpan.FromSeconds(5));
    }
}
