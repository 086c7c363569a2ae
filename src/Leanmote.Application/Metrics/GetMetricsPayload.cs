using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Engine;
using Mediator;

namespace Leanmote.Application.Metrics;

/// <summary>
/// The full payload (metrics.md §7.1): <c>/v1/metrics</c>, <c>/v1/metrics/all</c>, <c>/v1/metrics/get-data</c> — the
/// context and each requested family's set, every set identical to its S route.
/// </summary>
public static class GetMetricsPayload
{
    public sealed record Query(MetricInput Input) : IQuery<Result<IMetricsDocument>>, IMetricRequest<Query>
    {
        public MetricRouteSpec Route => MetricRouteSpec.Payload;
        public AccessRequirement Access => Input.Organization;
        public MetricParameters? Parameters { get; private init; }
        public Query WithParameters(MetricParameters parameters) => this with { Parameters = parameters };
    }

    internal sealed class Handler(MetricRequestRunner runner) : IQueryHandler<Query, Result<IMetricsDocument>>
    {
        public ValueTask<Result<IMetricsDocument>> Handle(Query query, CancellationToken cancellationToken) =>
            runner.RunAsync(query.Parameters!, peoplePrivate: false, async context =>
            {
                // the context and every family concurrently, over the one per-request source cache
                var contextView = MetricsContextBuilder.BuildAsync(runner, context, cancellationToken);
                var families = query.Parameters!.Families;
                var sets = await Task.WhenAll(families.Select(family => GetMetricSet.ComputeAsync(MetricCatalog.PayloadFamilies[family], context, cancellationToken)));
                var payload = new Dictionary<string, object?>(StringComparer.Ordinal) { ["context"] = await contextView };
                for (var i = 0; i < families.Count; i++) payload[families[i]] = sets[i];
                return new MetricsDocument<IReadOnlyDictionary<string, object?>>(payload, runner.Meta(context));
            }, cancellationToken);
    }
}
