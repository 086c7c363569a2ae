using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Calendar;

public sealed record CalendarView(
    CalendarId Id,
    OrganizationId OrganizationId,
    UserId OwnerId,
    string Provider,
    string Name,
    string Timezone,
    DateTimeOffset CreatedAt);

/// <summary>A calendar event; <c>attendee_ids</c> are the attendees that are users (others are counted only).</summary>
public sealed record CalendarEventView(
    CalendarEventId Id,
    CalendarId CalendarId,
    string Title,
    DateTimeOffset StartAt,
    DateTimeOffset EndAt,
    int DurationMinutes,
    bool IsAllDay,
    string Status,
    UserId? OrganizerId,
    IReadOnlyList<UserId> AttendeeIds,
    int AttendeesCount,
    bool IsRecurring,
    DateTimeOffset CreatedAt);

/// <summary>Calendars and their events are people-private (rest-api.md §4): lists take the caller's <see cref="PeopleVisibility"/>.</summary>
public interface ICalendarReader
{
    Task<(IReadOnlyList<CalendarView> Rows, long Total)> ListCalendarsAsync(
        QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct);

    Task<CalendarView?> GetCalendarAsync(CalendarId id, CancellationToken ct);

    Task<(IReadOnlyList<CalendarEventView> Rows, long Total)> ListEventsAsync(
        QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct);

    Task<CalendarEventView?> GetEventAsync(CalendarEventId id, CancellationToken ct);
}
