using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;
using Mediator;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary><c>GET /v1/telemetry/metric-series/{series_id}/points</c> (otel.md §9).</summary>
public static class ListMetricPoints
{
    public sealed record Query(string SeriesId, QueryParameters Parameters)
        : IQuery<Result<Page<MetricPointView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<MetricPointView>()
            .Sortable("point_at")
            .DefaultSortBy("point_at")
            .TimestampFilter("point_at");

        public AccessRequirement Access => AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITelemetryReader telemetry, RequestContext request) : IQueryHandler<Query, Result<Page<MetricPointView>>>
    {
        public async ValueTask<Result<Page<MetricPointView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParseValue(query.SeriesId, MetricSeriesId.Prefix, out var raw)) return Error.NotFound();
            var id = new MetricSeriesId(raw);
            var audience = TelemetryAudience.Of(request);
            var (exists, visible) = await telemetry.SeriesAccessAsync(id, audience, cancellationToken);
            if (!exists) return Error.NotFound();
            if (!visible) return Error.Forbidden();
            var (rows, total) = await telemetry.ListPointsAsync(id, audience, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
