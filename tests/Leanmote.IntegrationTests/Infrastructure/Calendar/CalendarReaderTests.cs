using Leanmote.Application.Calendar;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Calendar;
using Leanmote.IntegrationTests.WorkSupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Calendar;

[TestFixture]
public sealed class CalendarReaderTests : WorkDatabaseTest
{
    private CalendarReader _reader = null!;
    private PeopleWorld _w = null!;
    private long _calCollaborator, _calMember, _calOther, _calB;
    private long _e1, _e2, _e3, _e4, _eB;

    protected override async Task SeedAsync()
    {
        _reader = new CalendarReader(Db, Retry);
        _w = await PeopleWorld.CreateAsync(Given);
        _calCollaborator = await Calendar(_w.OrgA, _w.Collaborator, "2026-01-01T00:00:00Z");
        _calMember = await Calendar(_w.OrgA, _w.Member, "2026-01-02T00:00:00Z");
        _calOther = await Calendar(_w.OrgA, _w.Other, "2026-01-02T00:00:00Z");
        _calB = await Calendar(_w.OrgB, _w.Collaborator, "2026-01-03T00:00:00Z");

        _e1 = await Event(_w.OrgA, _calOther, _w.Other, "2026-01-05T10:00:00Z", recurring: true, created: "2026-01-01T00:00:00Z");
        _e2 = await Event(_w.OrgA, _calOther, _w.Member, "2026-01-05T10:00:00Z", recurring: false, created: "2026-01-03T00:00:00Z");
        _e3 = await Event(_w.OrgA, _calCollaborator, null, "2026-01-06T09:00:00Z", recurring: false, created: "2026-01-02T00:00:00Z");
        _e4 = await Event(_w.OrgA, _calOther, _w.Other, "2026-01-04T23:30:00Z", recurring: true, created: "2026-01-04T00:00:00Z");
        _eB = await Event(_w.OrgB, _calB, _w.Collaborator, "2026-01-05T10:00:00Z", recurring: false, created: "2026-01-01T00:00:00Z");
        await Attendee(_w.OrgA, _e1, _w.Other, "other@example.com");
        await Attendee(_w.OrgA, _e1, _w.Collaborator, "collab@example.com");
        await Attendee(_w.OrgA, _e4, null, "guest@example.com");
        await Attendee(_w.OrgA, _e4, _w.Other, "other@example.com");
    }

    private Task<long> Calendar(long org, long owner, string created) =>
        Given.RowAsync("""
            INSERT INTO calendars (organization_id, owner_id, provider, name, timezone, created_at)
            VALUES (@org, @owner, 'google_calendar', 'Cal', 'Europe/Madrid', @created::timestamptz) RETURNING id
            """, new { org, owner, created });

    private Task<long> Event(long org, long calendar, long? organizer, string start, bool recurring, string created) =>
        Given.RowAsync("""
            INSERT INTO calendar_events (organization_id, calendar_id, title, start_at, end_at, duration_minutes, is_recurring, organizer_id,
                                         attendees_count, status, created_at)
            VALUES (@org, @calendar, 'Meeting', @start::timestamptz, @start::timestamptz + interval '45 minutes', 45, @recurring, @organizer,
                    2, 'tentative', @created::timestamptz)
            RETURNING id
            """, new { org, calendar, organizer, start, recurring, created });

    private Task<long> Attendee(long org, long calendarEvent, long? user, string email) =>
        Given.RowAsync("INSERT INTO calendar_event_attendees (organization_id, event_id, user_id, email) VALUES (@org, @calendarEvent, @user, @email) RETURNING 0",
            new { org, calendarEvent, user, email });

    private PeopleVisibility Open => new([_w.OrgA, _w.OrgB], []);

    private PeopleVisibility Sees(params long[] usersInA) => new([], [.. usersInA.Select(u => new VisiblePerson(_w.OrgA, u))]);

    private async Task<long[]> Calendars(long[] scope, PeopleVisibility people, params (string, string)[] p) =>
        [.. (await _reader.ListCalendarsAsync(Options(ListCalendars.Query.Spec, p), scope, people, CancellationToken.None)).Rows.Select(c => c.Id.Value)];

    private async Task<(long[] Ids, long Total)> Events(long[] scope, PeopleVisibility people, params (string, string)[] p)
    {
        var (rows, total) = await _reader.ListEventsAsync(Options(ListCalendarEvents.Query.Spec, p), scope, people, CancellationToken.None);
        return ([.. rows.Select(e => e.Id.Value)], total);
    }

    [Test]
    public async Task ListCalendars_OpenOrganization_AllCalendars_SortedWithTieBreak()
    {
        Assert.That(await Calendars([_w.OrgA], Open), Is.EqualTo(new[] { _calOther, _calMember, _calCollaborator }));
        Assert.That(await Calendars([_w.OrgA], Open, ("order", "asc")), Is.EqualTo(new[] { _calCollaborator, _calMember, _calOther }));
        Assert.That(await Calendars([_w.OrgA], Open, ("page", "2")), Is.Empty);
    }

    [Test]
    public async Task ListCalendars_RestrictedCaller_SeesOnlyVisiblePeoplesCalendars()
    {
        Assert.That(await Calendars([_w.OrgA], Sees(_w.Collaborator)), Is.EqualTo(new[] { _calCollaborator }));
        Assert.That(await Calendars([_w.OrgA], Sees(_w.Collaborator, _w.Member)), Is.EqualTo(new[] { _calMember, _calCollaborator }));
        Assert.That(await Calendars([_w.OrgA], PeopleVisibility.Nobody), Is.Empty);
    }

    [Test]
    public async Task ListCalendars_VisiblePersonPairsAreBoundToTheirOrganization()
    {
        // The collaborator is visible in A only; their calendar in B stays hidden while B is neither open nor paired.
        Assert.That(await Calendars([_w.OrgA, _w.OrgB], Sees(_w.Collaborator)), Is.EqualTo(new[] { _calCollaborator }));
        Assert.That(await Calendars([_w.OrgA, _w.OrgB], new PeopleVisibility([_w.OrgB], [])), Is.EqualTo(new[] { _calB }));
    }

    [Test]
    public async Task ListCalendars_TenantIsolation()
    {
        Assert.That(await Calendars([_w.OrgB], Open), Is.EqualTo(new[] { _calB }));
        Assert.That(await Calendars([], Open), Is.Empty);
    }

    [Test]
    public async Task GetCalendar_MapsEveryColumn_UnknownIsNull()
    {
        var calendar = await _reader.GetCalendarAsync(new CalendarId(_calMember), CancellationToken.None);
        Assert.That(calendar, Is.EqualTo(new CalendarView(new CalendarId(_calMember), new OrganizationId(_w.OrgA), new UserId(_w.Member),
            "google_calendar", "Cal", "Europe/Madrid", At("2026-01-02T00:00:00Z"))));
        Assert.That(await _reader.GetCalendarAsync(new CalendarId(_calB + 1000), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ListEvents_RestrictedCaller_SeesEventsThroughOwnerOrganizerOrAttendee()
    {
        Assert.That((await Events([_w.OrgA], Sees(_w.Collaborator))).Ids, Is.EquivalentTo(new[] { _e1, _e3 }));          // attendee, owner
        Assert.That((await Events([_w.OrgA], Sees(_w.Member))).Ids, Is.EquivalentTo(new[] { _e2 }));                     // organizer
        Assert.That((await Events([_w.OrgA], Sees(_w.Other))).Ids, Is.EquivalentTo(new[] { _e1, _e2, _e4 }));           // calendar owner
        Assert.That((await Events([_w.OrgA], PeopleVisibility.Nobody)).Ids, Is.Empty);
        Assert.That((await Events([_w.OrgA, _w.OrgB], Sees(_w.Collaborator))).Total, Is.EqualTo(2));
    }

    [Test]
    public async Task ListEvents_SortsByStartAtAndCreatedAt_BothDirections_WithTies()
    {
        Assert.That((await Events([_w.OrgA], Open, ("sort", "start_at"), ("order", "asc"))).Ids, Is.EqualTo(new[] { _e4, _e1, _e2, _e3 }));
        Assert.That((await Events([_w.OrgA], Open, ("sort", "start_at"), ("order", "desc"))).Ids, Is.EqualTo(new[] { _e3, _e2, _e1, _e4 }));
        Assert.That((await Events([_w.OrgA], Open)).Ids, Is.EqualTo(new[] { _e4, _e2, _e3, _e1 }));
        Assert.That((await Events([_w.OrgA], Open, ("order", "asc"))).Ids, Is.EqualTo(new[] { _e1, _e3, _e2, _e4 }));
    }

    [Test]
    public async Task ListEvents_EachFilter()
    {
        Assert.That((await Events([_w.OrgA], Open, ("calendar_id", $"cal_{_calCollaborator}"))).Ids, Is.EqualTo(new[] { _e3 }));
        Assert.That((await Events([_w.OrgA], Open, ("organizer_id", $"usr_{_w.Other}"))).Ids, Is.EquivalentTo(new[] { _e1, _e4 }));
        Assert.That((await Events([_w.OrgA], Open, ("attendee_id", $"usr_{_w.Collaborator}"))).Ids, Is.EqualTo(new[] { _e1 }));
        Assert.That((await Events([_w.OrgA], Open, ("attendee_id", $"usr_{_w.Other}"), ("is_recurring", "true"))).Ids, Is.EquivalentTo(new[] { _e1, _e4 }));
        Assert.That((await Events([_w.OrgA], Open, ("is_recurring", "false"))).Ids, Is.EquivalentTo(new[] { _e2, _e3 }));
        Assert.That((await Events([_w.OrgA], Open, ("start_at[gte]", "2026-01-05"))).Ids, Is.EquivalentTo(new[] { _e1, _e2, _e3 }));
        Assert.That((await Events([_w.OrgA], Open, ("start_at[lte]", "2026-01-04"))).Ids, Is.EquivalentTo(new[] { _e4 }));
        Assert.That((await Events([_w.OrgA], Open, ("start_at", "2026-01-05"))).Ids, Is.EquivalentTo(new[] { _e1, _e2 }));
        Assert.That((await Events([_w.OrgA], Open, ("start_at[gt]", "2026-01-05T10:00:00Z"))).Ids, Is.EquivalentTo(new[] { _e3 }));
        Assert.That((await Events([_w.OrgA], Open, ("start_at[lt]", "2026-01-05T10:00:00Z"))).Ids, Is.EquivalentTo(new[] { _e4 }));
        Assert.That((await Events([_w.OrgA], Open, ("attendee_id", $"usr_{_w.Member}"))).Total, Is.EqualTo(0));
    }

    [Test]
    public async Task ListEvents_PagePastTheEnd_AndTenantIsolation()
    {
        var (ids, total) = await Events([_w.OrgA], Open, ("per_page", "3"), ("page", "2"));
        Assert.That((ids.Length, total), Is.EqualTo((1, 4L)));
        (ids, total) = await Events([_w.OrgA], Open, ("per_page", "3"), ("page", "3"));
        Assert.That((ids.Length, total), Is.EqualTo((0, 4L)));
        Assert.That((await Events([_w.OrgB], Open)).Ids, Is.EqualTo(new[] { _eB }));
        Assert.That((await Events([_w.OrgA], Open, ("calendar_id", $"cal_{_calB}"))).Ids, Is.Empty);
    }

    [Test]
    public async Task GetEvent_MapsEveryColumn_AttendeeIdsAreUsersOnly()
    {
        var e = await _reader.GetEventAsync(new CalendarEventId(_e4), CancellationToken.None);
        Assert.That(e, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(e!.Id, Is.EqualTo(new CalendarEventId(_e4)));
            Assert.That(e.CalendarId, Is.EqualTo(new CalendarId(_calOther)));
            Assert.That(e.Title, Is.EqualTo("Meeting"));
            Assert.That(e.StartAt, Is.EqualTo(At("2026-01-04T23:30:00Z")));
            Assert.That(e.EndAt, Is.EqualTo(At("2026-01-05T00:15:00Z")));
            Assert.That(e.DurationMinutes, Is.EqualTo(45));
            Assert.That(e.IsAllDay, Is.False);
            Assert.That(e.Status, Is.EqualTo("tentative"));
            Assert.That(e.OrganizerId, Is.EqualTo(new UserId(_w.Other)));
            Assert.That(e.AttendeeIds, Is.EqualTo(new[] { new UserId(_w.Other) }));
            Assert.That(e.AttendeesCount, Is.EqualTo(2));
            Assert.That(e.IsRecurring, Is.True);
            Assert.That(e.CreatedAt, Is.EqualTo(At("2026-01-04T00:00:00Z")));
        });
        Assert.That((await _reader.GetEventAsync(new CalendarEventId(_e3), CancellationToken.None))!.AttendeeIds, Is.Empty);
        Assert.That(await _reader.GetEventAsync(new CalendarEventId(_eB + 1000), CancellationToken.None), Is.Null);
    }
}
