using Dapper;
using Leanmote.Application.Calendar;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Calendar;

internal sealed class CalendarReader(NpgsqlDataSource db, DbRetry retry) : ICalendarReader
{
    private const string CalendarSelect = "c.id, c.organization_id, c.owner_id, c.provider, c.name, c.timezone, c.created_at";
    private const string CalendarFrom = $"""
        FROM calendars c
        WHERE c.organization_id = ANY(@OrganizationIds)
          AND (c.organization_id = ANY(@OpenOrganizationIds) OR (c.organization_id, c.owner_id) IN {VisiblePeopleSql.Pairs})
        """;

    internal static readonly ColumnMap CalendarColumns = new(tieBreak: "c.id")
    {
        ["created_at"] = "c.created_at",
    };

    private const string GetCalendarSql = $"SELECT {CalendarSelect} FROM calendars c WHERE c.id = @Id";

    private const string EventSelect = """
        e.id, e.calendar_id, e.title, e.start_at, e.end_at, e.duration_minutes, e.is_all_day, e.status, e.organizer_id,
        ARRAY(SELECT a.user_id FROM calendar_event_attendees a
              WHERE a.organization_id = e.organization_id AND a.event_id = e.id AND a.user_id IS NOT NULL
              ORDER BY a.user_id) AS attendee_ids,
        e.attendees_count, e.is_recurring, e.created_at
        """;

    /// <summary>An event is visible through its calendar's owner, its organizer or any attendee (ADR 0010).</summary>
    private const string EventFrom = $"""
        FROM calendar_events e
        JOIN calendars c ON c.organization_id = e.organization_id AND c.id = e.calendar_id
        WHERE e.organization_id = ANY(@OrganizationIds)
          AND (e.organization_id = ANY(@OpenOrganizationIds)
               OR (e.organization_id, c.owner_id) IN {VisiblePeopleSql.Pairs}
               OR (e.organization_id, e.organizer_id) IN {VisiblePeopleSql.Pairs}
               OR EXISTS (SELECT 1 FROM calendar_event_attendees va
                          WHERE va.organization_id = e.organization_id AND va.event_id = e.id
                            AND (va.organization_id, va.user_id) IN {VisiblePeopleSql.Pairs}))
        """;

    /// <summary><c>attendee_id</c> names a row of another table, so it is applied here rather than by <see cref="ListSql"/>.</summary>
    private const string AttendeeFilter = """

          AND EXISTS (SELECT 1 FROM calendar_event_attendees fa
                      WHERE fa.organization_id = e.organization_id AND fa.event_id = e.id AND fa.user_id = @AttendeeId)
        """;

    internal static readonly ColumnMap EventColumns = new(tieBreak: "e.id")
    {
        ["start_at"] = "e.start_at",
        ["created_at"] = "e.created_at",
        ["calendar_id"] = "e.calendar_id",
        ["organizer_id"] = "e.organizer_id",
        ["attendee_id"] = "fa.user_id",   // see AttendeeFilter
        ["is_recurring"] = "e.is_recurring",
    };

    private const string GetEventSql = $"SELECT {EventSelect} FROM calendar_events e WHERE e.id = @Id";

    public Task<(IReadOnlyList<CalendarView> Rows, long Total)> ListCalendarsAsync(
        QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(CalendarSelect, CalendarFrom, CalendarColumns, options);
            list = list.ScopedTo(organizationIds);
            VisiblePeopleSql.Bind(list.Parameters, people);
            return DbReading.ReadPageAsync<CalendarView>(db, list, token);
        }, ct);

    public Task<CalendarView?> GetCalendarAsync(CalendarId id, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<CalendarView>(new CommandDefinition(GetCalendarSql, new { Id = id.Value }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<CalendarEventView> Rows, long Total)> ListEventsAsync(
        QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var attendee = options.Filters.FirstOrDefault(f => f.Field == "attendee_id");
            var rest = attendee is null ? options : options with { Filters = [.. options.Filters.Where(f => f.Field != "attendee_id")] };
            var list = ListSql.Build(EventSelect, attendee is null ? EventFrom : EventFrom + AttendeeFilter, EventColumns, rest);
            list = list.ScopedTo(organizationIds);
            if (attendee is not null) list.Parameters.Add("AttendeeId", (long)attendee.Value);
            VisiblePeopleSql.Bind(list.Parameters, people);
            var (rows, total) = await DbReading.ReadPageAsync<EventRow>(db, list, token);
            return ((IReadOnlyList<CalendarEventView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    public Task<CalendarEventView?> GetEventAsync(CalendarEventId id, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(GetEventSql, new { Id = id.Value }, cancellationToken: token));
            return row?.ToView();
        }, ct);

    /// <summary>
    /// The flat row: attendee ids arrive as a bigint[] and become typed ids. A property-mapped class, because Npgsql
    /// reports array columns as <see cref="Array"/>, which Dapper's constructor matching does not accept for long[].
    /// </summary>
    private sealed class EventRow
    {
        public CalendarEventId Id { get; init; }
        public CalendarId CalendarId { get; init; }
        public string Title { get; init; } = "";
        public DateTimeOffset StartAt { get; init; }
        public DateTimeOffset EndAt { get; init; }
        public int DurationMinutes { get; init; }
        public bool IsAllDay { get; init; }
        public string Status { get; init; } = "";
        public UserId? OrganizerId { get; init; }
        public long[] AttendeeIds { get; init; } = [];
        public int AttendeesCount { get; init; }
        public bool IsRecurring { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public CalendarEventView ToView() => new(
            Id, CalendarId, Title, StartAt, EndAt, DurationMinutes, IsAllDay, Status, OrganizerId,
            [.. AttendeeIds.Select(UserId.From)], AttendeesCount, IsRecurring, CreatedAt);
    }
}
