using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary><c>GET /v1/telemetry/events</c> (otel.md §9): normalized log records of any sender.</summary>
public static class ListTelemetryEvents
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<TelemetryEventView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<TelemetryEventView>()
            .Sortable("occurred_at", "received_at")
            .DefaultSortBy("occurred_at")
            .TextFilter("service_name")
            .TextFilter("event_name")
            .TextFilter("session_id")
            .TextFilter("trace_id")
            .IdFilter<UserId>("user_id")
            .NumberFilter("severity_number")
            .TimestampFilter("occurred_at")
            .TextFilter(AttributeFilter.Field);

        public AccessRequirement Access => AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITelemetryReader telemetry, RequestContext request) : IQueryHandler<Query, Result<Page<TelemetryEventView>>>
    {
        public async ValueTask<Result<Page<TelemetryEventView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            AttributeFilter? attributes = null;
            foreach (var filter in query.Options.Filters)
            {
                if (filter.Field == AttributeFilter.Field)
                {
                    if (filter.Operator != FilterOperator.Eq) return Error.Validation(AttributeFilter.Field, "supports equality only");
                    if (!AttributeFilter.TryParse((string)filter.Value, out attributes, out var message)) return Error.Validation(AttributeFilter.Field, message);
                }
                else if (filter.Field == "trace_id" && !TraceIds.IsTraceId((string)filter.Value))
                {
                    return Error.Validation("trace_id", "must be 32 hexadecimal characters");
                }
            }
            // trace ids travel as bytes, so the (organization_id, trace_id) index serves the filter
            var options = query.Options with
            {
                Filters = [.. query.Options.Filters.Where(f => f.Field != AttributeFilter.Field)
                    .Select(f => f.Field == "trace_id" ? f with { Value = Convert.FromHexString((string)f.Value) } : f)],
            };
            var (rows, total) = await telemetry.ListEventsAsync(TelemetryAudience.Of(request), options, attributes, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}

public static class TraceIds
{
    public static bool IsTraceId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigit);
}
