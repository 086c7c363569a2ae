using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Calendar;

public static class GetCalendar
{
    public sealed record Query(string CalendarId, QueryParameters Parameters)
        : IQuery<Result<CalendarView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<CalendarView>();
        public AccessRequirement Access => AccessRequirement.PeoplePrivate(ResourceKind.Calendar, CalendarId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ICalendarReader calendars) : IQueryHandler<Query, Result<CalendarView>>
    {
        public async ValueTask<Result<CalendarView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var calendar = await calendars.GetCalendarAsync(PublicId.Parse<CalendarId>(query.CalendarId), cancellationToken);
            return calendar is null ? Error.NotFound() : calendar;
        }
    }
}
