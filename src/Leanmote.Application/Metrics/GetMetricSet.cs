using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Engine;
using Mediator;

namespace Leanmote.Application.Metrics;

/// <summary>
/// A family's metric set (shape S, e.g. <c>/v1/metrics/dora</c>) or, with the request context, its aggregate (shape A,
/// e.g. <c>/v1/metrics/dora-metrics</c>, GET or POST). Each entry equals what its own route returns.
/// </summary>
public static class GetMetricSet
{
    public sealed record Query(string Path, bool WithContext, MetricInput Input) : IQuery<Result<IMetricsDocument>>, IMetricRequest<Query>
    {
        public MetricCatalog.FamilySet Set => WithContext ? MetricCatalog.Aggregates[Path] : MetricCatalog.Sets[Path];
        public MetricRouteSpec Route => WithContext ? MetricRouteSpec.Aggregate : MetricRouteSpec.Set;
        public AccessRequirement Access => Input.Organization;
        public MetricParameters? Parameters { get; private init; }
        public Query WithParameters(MetricParameters parameters) => this with { Parameters = parameters };
    }

    internal sealed class Handler(MetricRequestRunner runner) : IQueryHandler<Query, Result<IMetricsDocument>>
    {
        public ValueTask<Result<IMetricsDocument>> Handle(Query query, CancellationToken cancellationToken) =>
            runner.RunAsync(query.Parameters!, peoplePrivate: false, async context =>
            {
                var contextView = query.WithContext ? MetricsContextBuilder.BuildAsync(runner, context, cancellationToken) : null;
                var set = await ComputeAsync(query.Set, context, cancellationToken);
                if (contextView is not null) set = set with { Context = await contextView };
                return new MetricsDocument<MetricSetView>(set, runner.Meta(context));
            }, cancellationToken);
    }

    /// <summary>Computes every metric of <paramref name="set"/> over one context (sources are read once).</summary>
    public static async Task<MetricSetView> ComputeAsync(MetricCatalog.FamilySet set, MetricContext context, CancellationToken ct)
    {
        // concurrently: each metric waits only for its own sources, and the sources load in parallel
        var views = await Task.WhenAll(set.Metrics.Select(async definition =>
            await MetricEngine.ComputeAsync(definition, definition.PeoplePrivate ? await context.PeoplePrivateAsync(ct) : context, ct)));
        var metrics = new Dictionary<string, MetricView?>(StringComparer.Ordinal);
        for (var i = 0; i < views.Length; i++) metrics[set.Metrics[i].Key] = views[i];
        return new MetricSetView(set.Family, metrics);
    }
}
