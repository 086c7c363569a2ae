using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Calendar;

public static class ListCalendarEvents
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<CalendarEventView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<CalendarEventView>()
            .Sortable("start_at", "created_at")
            .IdFilter<CalendarId>("calendar_id")
            .IdFilter<UserId>("organizer_id")
            .IdFilter<UserId>("attendee_id")
            .BooleanFilter("is_recurring")
            .TimestampFilter("start_at");

        public AccessRequirement Access => AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ICalendarReader calendars, RequestContext request) : IQueryHandler<Query, Result<Page<CalendarEventView>>>
    {
        public async ValueTask<Result<Page<CalendarEventView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await calendars.ListEventsAsync(query.Options, request.Scope, request.People, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
