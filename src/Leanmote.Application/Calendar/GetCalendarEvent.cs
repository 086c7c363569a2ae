using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Calendar;

public static class GetCalendarEvent
{
    public sealed record Query(string EventId, QueryParameters Parameters)
        : IQuery<Result<CalendarEventView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<CalendarEventView>();
        public AccessRequirement Access => AccessRequirement.PeoplePrivate(ResourceKind.CalendarEvent, EventId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ICalendarReader calendars) : IQueryHandler<Query, Result<CalendarEventView>>
    {
        public async ValueTask<Result<CalendarEventView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var calendarEvent = await calendars.GetEventAsync(PublicId.Parse<CalendarEventId>(query.EventId), cancellationToken);
            return calendarEvent is null ? Error.NotFound() : calendarEvent;
        }
    }
}
