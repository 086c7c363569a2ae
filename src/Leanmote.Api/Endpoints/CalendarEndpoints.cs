using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Calendar;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class CalendarEndpoints
{
    public static void MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Calendars");

        v1.MapGet("/calendars", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListCalendars.Query(Query.From(req)), ct)))
            .Contract<ListCalendars.Query, CalendarView>()
            .WithName("ListCalendars").WithSummary("List the calendars the caller may see");

        v1.MapGet("/calendars/{calendarId}", async (string calendarId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetCalendar.Query(calendarId, Query.From(req)), ct)))
            .Contract<GetCalendar.Query, CalendarView>()
            .WithName("GetCalendar").WithSummary("Get one calendar");

        v1.MapGet("/calendar-events", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListCalendarEvents.Query(Query.From(req)), ct)))
            .Contract<ListCalendarEvents.Query, CalendarEventView>()
            .WithName("ListCalendarEvents").WithSummary("List the calendar events the caller may see");

        v1.MapGet("/calendar-events/{eventId}", async (string eventId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetCalendarEvent.Query(eventId, Query.From(req)), ct)))
            .Contract<GetCalendarEvent.Query, CalendarEventView>()
            .WithName("GetCalendarEvent").WithSummary("Get one calendar event");
    }
}
