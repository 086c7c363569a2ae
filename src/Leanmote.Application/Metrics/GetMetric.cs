using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Engine;
using Mediator;

namespace Leanmote.Application.Metrics;

/// <summary>One metric (shape M, metrics.md §4.2), e.g. <c>GET /v1/metrics/dora/deployment_frequency</c>.</summary>
public static class GetMetric
{
    public sealed record Query(string Path, MetricInput Input) : IQuery<Result<IMetricsDocument>>, IMetricRequest<Query>
    {
        public MetricDefinition Definition => MetricCatalog.Metrics[Path];
        public MetricRouteSpec Route => MetricRouteSpec.Metric(Definition.Breakdowns);
        public AccessRequirement Access => Input.Organization;
        public MetricParameters? Parameters { get; private init; }
        public Query WithParameters(MetricParameters parameters) => this with { Parameters = parameters };
    }

    internal sealed class Handler(MetricRequestRunner runner) : IQueryHandler<Query, Result<IMetricsDocument>>
    {
        public ValueTask<Result<IMetricsDocument>> Handle(Query query, CancellationToken cancellationToken) =>
            runner.RunAsync(query.Parameters!, peoplePrivate: false, async context =>
            {
                var metric = await MetricEngine.ComputeAsync(query.Definition, context, cancellationToken);
                return new MetricsDocument<MetricView>(metric, runner.Meta(context));
            }, cancellationToken);
    }
}
