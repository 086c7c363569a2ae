namespace Leanmote.Infrastructure.Demo;

/// <summary>
/// One Google calendar per person and the meetings of a working organization: daily stand-ups, sprint
/// planning and retros, weekly 1:1s, monthly all-hands, ad-hoc meetings (some with external guests,
/// tentative or cancelled), focus blocks and all-day out-of-office events. Like Google Calendar, a meeting
/// is copied into every attendee's calendar with the same ical_uid and the full attendee list
/// (metrics.md §6.4 counts it once). Each meeting also yields "meeting" interactions.
/// </summary>
internal sealed class CalendarGenerator(DemoContext ctx)
{
    private const int FlushEvery = 20_000;

    private readonly CopyTable<CalendarRow> calendars = new("calendars",
        "id, organization_id, owner_id, provider, name, timezone, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.OwnerId); w.Text("google_calendar"); w.Text(r.Name);
            w.Text(r.TimeZone); w.Time(r.CreatedAt);
        });

    private readonly CopyTable<EventRow> events = new("calendar_events",
        "id, organization_id, calendar_id, ical_uid, title, start_at, end_at, duration_minutes, is_all_day, is_recurring, " +
        "recurring_event_id, status, organizer_id, attendees_count, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.CalendarId); w.Text(r.IcalUid); w.Text(r.Title);
            w.Time(r.StartAt); w.Time(r.StartAt.AddMinutes(r.DurationMinutes)); w.Int(r.DurationMinutes);
            w.Bool(r.IsAllDay); w.Bool(r.RecurringEventId is not null); w.Text(r.RecurringEventId); w.Text(r.Status);
            w.Id(r.OrganizerId); w.Int(r.AttendeesCount); w.Time(r.CreatedAt);
        });

    private readonly CopyTable<AttendeeRow> attendees = new("calendar_event_attendees",
        "organization_id, event_id, user_id, email, response_status, is_organizer, is_optional",
        static (w, in r) =>
        {
            w.Id(r.OrganizationId); w.Id(r.EventId); w.Id(r.UserId); w.Text(r.Email); w.Text(r.ResponseStatus);
            w.Bool(r.IsOrganizer); w.Bool(r.IsOptional);
        });

    private readonly CopyTable<InteractionRow> interactions = InteractionRow.NewTable();

    private readonly Dictionary<Person, long> calendarOf = [];

    private Random R => ctx.Random;

    public async Task GenerateAsync(DemoOrganization org, CancellationToken ct)
    {
        if (org.Apps.GoogleCalendar is null || org.Shape.CalendarMonths == 0)
        {
            return;
        }
        calendarOf.Clear();
        foreach (var person in org.Humans)
        {
            var id = ctx.Ids.Calendars.Next();
            calendarOf[person] = id;
            calendars.Add(new CalendarRow(id, org.Id, person.Id, person.Email, person.TimeZone, person.CreatedAt.AddHours(1)));
        }
        await calendars.FlushAsync(ctx.Copy, ct);

        var from = ctx.Time.End.AddMonths(-org.Shape.CalendarMonths);
        var until = ctx.Time.End.AddDays(14); // the next two weeks are already planned
        var series = org.Teams.ToDictionary(t => t, _ => new TeamSeries(R.Hex(13), R.Hex(13), R.Hex(13)));
        var oneOnOnes = new Dictionary<Person, string>();
        var allHandsGroups = org.Teams.Chunk(8).ToList();
        var sprintEpoch = DemoTime.Monday(ctx.Time.Start);

        for (var day = from.Date; day < until; day = day.AddDays(1))
        {
            if (DemoTime.IsWeekend(day))
            {
                continue;
            }
            var sprintDay = (int)(day - sprintEpoch).TotalDays % 14;
            foreach (var team in org.Teams)
            {
                var manager = team.Manager ?? org.Admin;
                var ids = series[team];
                var members = Present(team.Members, day);
                Emit(org, new Meeting($"{ids.Standup}@google.com", $"{team.Name} stand-up", day.AddHours(9.5), 15, ids.Standup,
                    R.Chance(0.02) ? "cancelled" : "confirmed", manager, Invite(manager, members)));
                if (sprintDay == 0)
                {
                    Emit(org, new Meeting($"{ids.Planning}@google.com", $"{team.Name} sprint planning", day.AddHours(10), 60,
                        ids.Planning, "confirmed", manager, Invite(manager, members)));
                }
                if (sprintDay == 11)
                {
                    Emit(org, new Meeting($"{ids.Retro}@google.com", $"{team.Name} retro", day.AddHours(15), 45,
                        ids.Retro, "confirmed", manager, Invite(manager, members)));
                }
                for (var i = 0; i < team.Members.Count; i++)
                {
                    var report = team.Members[i];
                    if (report == manager || report.Team != team || (i % 5) != ((int)day.DayOfWeek + 6) % 7 || !report.IsActiveAt(day))
                    {
                        continue;
                    }
                    if (!oneOnOnes.TryGetValue(report, out var seriesId))
                    {
                        seriesId = R.Hex(13);
                        oneOnOnes[report] = seriesId;
                    }
                    Emit(org, new Meeting($"{seriesId}@google.com", $"{manager.Name.Split(' ')[0]} / {report.Name.Split(' ')[0]} 1:1",
                        day.AddHours(13 + (0.5 * (i % 4))), 30, seriesId, R.Chance(0.05) ? "cancelled" : "confirmed", manager,
                        Invite(manager, [report])));
                }
            }

            if (day.DayOfWeek == DayOfWeek.Thursday && day.Day <= 7)
            {
                foreach (var group in allHandsGroups)
                {
                    var people = allHandsGroups.Count == 1
                        ? Present(org.Humans.ToList(), day)
                        : Present(group.SelectMany(t => t.Members).Distinct().ToList(), day);
                    var title = allHandsGroups.Count == 1 ? $"{org.Shape.Name} all-hands" : $"{group[0].Name} department all-hands";
                    Emit(org, new Meeting($"{R.Hex(13)}@google.com", title, day.AddHours(16), 60, $"allhands-{R.Hex(6)}",
                        "confirmed", org.Admin, Invite(org.Admin, people)));
                }
            }

            AddAdHocMeetings(org, day);
            AddPersonalEvents(org, day);

            if (events.Count >= FlushEvery)
            {
                await FlushAsync(ct);
            }
        }
        await FlushAsync(ct);
    }

    private void AddAdHocMeetings(DemoOrganization org, DateTime day)
    {
        var active = Present(org.Humans.ToList(), day);
        for (var n = Math.Max(1, org.Teams.Count / 2); n > 0; n--)
        {
            var people = R.Sample(active, R.Next(2, 7));
            if (people.Count < 2)
            {
                return;
            }
            var invitees = Invite(people[0], people.Skip(1).ToList());
            if (R.Chance(0.15))
            {
                invitees.Add(new Invitee(null, $"guest{R.Next(1, 50)}@partner.example", R.Chance(0.8) ? "accepted" : "needs_action", false));
            }
            var status = R.Chance(0.05) ? "cancelled" : R.Chance(0.1) ? "tentative" : "confirmed";
            Emit(org, new Meeting($"{R.Hex(13)}@google.com", DemoNames.Title(R), day.AddHours(11 + (0.5 * R.Next(0, 11))),
                R.Pick(Durations), null, status, people[0], invitees));
        }
    }

    private static IReadOnlyList<int> Durations { get; } = [30, 30, 45, 60, 60, 90];

    private void AddPersonalEvents(DemoOrganization org, DateTime day)
    {
        foreach (var person in org.Humans)
        {
            if (!person.IsActiveAt(day))
            {
                continue;
            }
            var roll = R.NextDouble();
            if (roll < 0.08)
            {
                Emit(org, new Meeting($"{R.Hex(13)}@google.com", "Focus time", day.AddHours(R.Chance(0.5) ? 9 : 14), 120, null,
                    "confirmed", person, Invite(person, [])));
            }
            else if (roll < 0.10)
            {
                Emit(org, new Meeting($"{R.Hex(13)}@google.com", "Out of office", day, 24 * 60, null,
                    "confirmed", person, Invite(person, []), IsAllDay: true));
            }
        }
    }

    private static List<Person> Present(List<Person> people, DateTime day) => people.Where(p => p.IsActiveAt(day)).ToList();

    private List<Invitee> Invite(Person organizer, IReadOnlyList<Person> people)
    {
        var list = new List<Invitee> { new(organizer, organizer.Email, "accepted", true) };
        foreach (var person in people)
        {
            if (person == organizer)
            {
                continue;
            }
            var roll = R.NextDouble();
            var response = roll < 0.85 ? "accepted" : roll < 0.90 ? "tentative" : roll < 0.94 ? "needs_action" : "declined";
            list.Add(new Invitee(person, person.Email, response, false));
        }
        return list;
    }

    /// <summary>Writes one copy of the meeting into each internal attendee's calendar, with the full attendee list.</summary>
    private void Emit(DemoOrganization org, Meeting meeting)
    {
        var accepted = meeting.Invitees.Count(i => i.Response != "declined");
        var createdAt = meeting.Start.AddDays(-R.Next(1, 15));
        if (createdAt > ctx.Time.End)
        {
            createdAt = ctx.Time.End.AddHours(-R.Next(1, 48));
        }
        long? organizerCopy = null;
        foreach (var owner in meeting.Invitees)
        {
            if (owner.Person is null || !calendarOf.TryGetValue(owner.Person, out var calendarId))
            {
                continue;
            }
            var eventId = ctx.Ids.CalendarEvents.Next();
            organizerCopy ??= eventId;
            events.Add(new EventRow(eventId, org.Id, calendarId, meeting.IcalUid, meeting.Title, meeting.Start, meeting.Minutes,
                meeting.IsAllDay, meeting.RecurringEventId, meeting.Status, meeting.Organizer.Id, accepted, createdAt));
            foreach (var invitee in meeting.Invitees)
            {
                attendees.Add(new AttendeeRow(org.Id, eventId, invitee.Person?.Id, invitee.Email, invitee.Response,
                    invitee.IsOrganizer, false));
            }
        }

        if (meeting.Status == "cancelled" || meeting.IsAllDay || accepted < 2 || meeting.Start >= ctx.Time.End)
        {
            return;
        }
        foreach (var invitee in meeting.Invitees)
        {
            if (invitee.Person is { } person && !invitee.IsOrganizer && invitee.Response != "declined")
            {
                interactions.Add(new InteractionRow(ctx.Ids.Interactions.Next(), org.Id, "meeting", "google_calendar",
                    meeting.Organizer.Id, person.Id, meeting.Organizer.Team?.Id, "calendar_event", $"evt_{organizerCopy}", meeting.Start));
            }
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        await events.FlushAsync(ctx.Copy, ct);
        await attendees.FlushAsync(ctx.Copy, ct);
        await interactions.FlushAsync(ctx.Copy, ct);
    }

    private sealed record TeamSeries(string Standup, string Planning, string Retro);

    private sealed record Invitee(Person? Person, string Email, string Response, bool IsOrganizer);

    private sealed record Meeting(string IcalUid, string Title, DateTime Start, int Minutes, string? RecurringEventId, string Status,
        Person Organizer, List<Invitee> Invitees, bool IsAllDay = false);

    private readonly record struct CalendarRow(long Id, long OrganizationId, long OwnerId, string Name, string TimeZone, DateTime CreatedAt);
    private readonly record struct EventRow(long Id, long OrganizationId, long CalendarId, string IcalUid, string Title, DateTime StartAt,
        int DurationMinutes, bool IsAllDay, string? RecurringEventId, string Status, long OrganizerId, int AttendeesCount, DateTime CreatedAt);
    private readonly record struct AttendeeRow(long OrganizationId, long EventId, long? UserId, string Email, string ResponseStatus, bool IsOrganizer, bool IsOptional);
}
