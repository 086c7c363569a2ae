using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary><c>GET /v1/telemetry/metric-series</c> (otel.md §9).</summary>
public static class ListMetricSeries
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<MetricSeriesView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<MetricSeriesView>()
            .Sortable("created_at", "last_point_at", "metric_name")
            .TextFilter("metric_name")
            .TextFilter("service_name")
            .EnumFilter("kind", "gauge", "sum", "histogram", "exponential_histogram", "summary")
            .TimestampFilter("last_point_at");

        public AccessRequirement Access => AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITelemetryReader telemetry, RequestContext request) : IQueryHandler<Query, Result<Page<MetricSeriesView>>>
    {
        public async ValueTask<Result<Page<MetricSeriesView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await telemetry.ListSeriesAsync(TelemetryAudience.Of(request), query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
