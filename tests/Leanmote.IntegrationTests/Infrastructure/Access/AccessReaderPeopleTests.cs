using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Access;
using Leanmote.IntegrationTests.WorkSupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Access;

[TestFixture]
public sealed class AccessReaderPeopleTests : WorkDatabaseTest
{
    private AccessReader _reader = null!;
    private PeopleWorld _w = null!;
    private long _calendar, _event, _interaction, _privateView, _sharedView;

    protected override async Task SeedAsync()
    {
        _reader = new AccessReader(Db, Retry);
        _w = await PeopleWorld.CreateAsync(Given);
        _calendar = await Given.RowAsync("INSERT INTO calendars (organization_id, owner_id, provider, name) VALUES (@o, @u, 'google_calendar', 'Work') RETURNING id",
            new { o = _w.OrgA, u = _w.Member });
        _event = await Given.RowAsync("""
            INSERT INTO calendar_events (organization_id, calendar_id, title, start_at, end_at, duration_minutes, organizer_id)
            VALUES (@o, @c, 'Sync', '2026-01-05T10:00:00Z', '2026-01-05T10:30:00Z', 30, @organizer) RETURNING id
            """, new { o = _w.OrgA, c = _calendar, organizer = _w.Other });
        await Given.RowAsync("""
            INSERT INTO calendar_event_attendees (organization_id, event_id, user_id, email)
            VALUES (@o, @e, @u, 'c@example.com'), (@o, @e, NULL, 'guest@example.com') RETURNING 0
            """, new { o = _w.OrgA, e = _event, u = _w.Collaborator });
        _interaction = await Given.RowAsync("""
            INSERT INTO interactions (organization_id, type, source, actor_id, target_user_id, occurred_at)
            VALUES (@o, 'message', 'slack', @actor, @target, '2026-01-05T10:00:00Z') RETURNING id
            """, new { o = _w.OrgA, actor = _w.Other, target = _w.Member });
        _privateView = await Given.RowAsync("INSERT INTO dashboard_views (organization_id, owner_id, name, type) VALUES (@o, @u, 'Mine', 'overview') RETURNING id",
            new { o = _w.OrgA, u = _w.Other });
        _sharedView = await Given.RowAsync("INSERT INTO dashboard_views (organization_id, owner_id, name, type, visibility) VALUES (@o, @u, 'Ours', 'overview', 'organization') RETURNING id",
            new { o = _w.OrgA, u = _w.Other });
    }

    [Test]
    public async Task FindVisiblePeople_TeamManager_SeesThemselvesAndTheirTeamsMembers_PerOrganization()
    {
        var people = await _reader.FindVisiblePeopleAsync(new UserId(_w.Manager), [_w.OrgA, _w.OrgB], CancellationToken.None);
        Assert.That(people, Is.EquivalentTo(new[]
        {
            new VisiblePerson(_w.OrgA, _w.Manager), new VisiblePerson(_w.OrgA, _w.Member), new VisiblePerson(_w.OrgA, _w.Collaborator),
            new VisiblePerson(_w.OrgB, _w.Manager),
        }));
    }

    [Test]
    public async Task FindVisiblePeople_ManagerOfATeamInAnotherOrganization_DoesNotLeakAcrossOrganizations()
    {
        var inA = await _reader.FindVisiblePeopleAsync(new UserId(_w.Collaborator), [_w.OrgA], CancellationToken.None);
        Assert.That(inA, Is.EqualTo(new[] { new VisiblePerson(_w.OrgA, _w.Collaborator) }));
        var inB = await _reader.FindVisiblePeopleAsync(new UserId(_w.Collaborator), [_w.OrgB], CancellationToken.None);
        Assert.That(inB, Is.EquivalentTo(new[] { new VisiblePerson(_w.OrgB, _w.Collaborator), new VisiblePerson(_w.OrgB, _w.Manager) }));
    }

    [Test]
    public async Task FindPeople_ReturnsThePeopleOfEachPersonalKind()
    {
        Assert.That(await _reader.FindPeopleAsync(ResourceKind.Calendar, _calendar, CancellationToken.None), Is.EqualTo(new[] { _w.Member }));
        Assert.That(await _reader.FindPeopleAsync(ResourceKind.CalendarEvent, _event, CancellationToken.None),
            Is.EquivalentTo(new[] { _w.Member, _w.Other, _w.Collaborator }));
        Assert.That(await _reader.FindPeopleAsync(ResourceKind.Interaction, _interaction, CancellationToken.None), Is.EquivalentTo(new[] { _w.Other, _w.Member }));
        Assert.That(await _reader.FindPeopleAsync(ResourceKind.DashboardView, _privateView, CancellationToken.None), Is.EqualTo(new[] { _w.Other }));
        Assert.That(await _reader.FindPeopleAsync(ResourceKind.DashboardView, _sharedView, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task FindOwners_PersonalKinds_ReturnTheOwningOrganization()
    {
        Assert.That(await _reader.FindOwnersAsync(ResourceKind.CalendarEvent, _event, CancellationToken.None), Is.EqualTo(new[] { _w.OrgA }));
        Assert.That(await _reader.FindOwnersAsync(ResourceKind.Interaction, _interaction + 1000, CancellationToken.None), Is.Null);
    }
}
