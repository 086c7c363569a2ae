using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Engine;
using Mediator;

namespace Leanmote.Application.Metrics;

/// <summary><c>/v1/metrics/context</c> (GET, POST; shape C, metrics.md §7.2).</summary>
public static class GetMetricsContext
{
    public sealed record Query(MetricInput Input) : IQuery<Result<IMetricsDocument>>, IMetricRequest<Query>
    {
        public MetricRouteSpec Route => MetricRouteSpec.Context;
        public AccessRequirement Access => Input.Organization;
        public MetricParameters? Parameters { get; private init; }
        public Query WithParameters(MetricParameters parameters) => this with { Parameters = parameters };
    }

    internal sealed class Handler(MetricRequestRunner runner) : IQueryHandler<Query, Result<IMetricsDocument>>
    {
        public ValueTask<Result<IMetricsDocument>> Handle(Query query, CancellationToken cancellationToken) =>
            runner.RunAsync(query.Parameters!, peoplePrivate: false, async context =>
            {
                return new MetricsDocument<MetricsContextView>(await MetricsContextBuilder.BuildAsync(runner, context, cancellationToken), runner.Meta(context));
            }, cancellationToken);
    }
}
