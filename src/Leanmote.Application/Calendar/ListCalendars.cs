using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;

namespace Leanmote.Application.Calendar;

public static class ListCalendars
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<CalendarView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<CalendarView>().Sortable("created_at");
        public AccessRequirement Access => AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ICalendarReader calendars, RequestContext request) : IQueryHandler<Query, Result<Page<CalendarView>>>
    {
        public async ValueTask<Result<Page<CalendarView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await calendars.ListCalendarsAsync(query.Options, request.Scope, request.People, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
