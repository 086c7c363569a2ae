using Leanmote.Application.Common.Security;
using Leanmote.Application.Interactions;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Interactions;
using Leanmote.IntegrationTests.WorkSupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Interactions;

[TestFixture]
public sealed class InteractionReaderTests : WorkDatabaseTest
{
    private InteractionReader _reader = null!;
    private PeopleWorld _w = null!;
    private long _i1, _i2, _i3, _i4, _iB;

    protected override async Task SeedAsync()
    {
        _reader = new InteractionReader(Db, Retry);
        _w = await PeopleWorld.CreateAsync(Given);
        _i1 = await Interaction(_w.OrgA, "pr_review", "github", _w.Collaborator, _w.Other, _w.Team, "2026-01-05T10:00:00Z", "2026-01-08T00:00:00Z");
        _i2 = await Interaction(_w.OrgA, "message", "slack", _w.Other, _w.Member, null, "2026-01-05T10:00:00Z", "2026-01-07T00:00:00Z");
        _i3 = await Interaction(_w.OrgA, "commit", "github", _w.Member, null, _w.Team, "2026-01-06T00:00:00Z", "2026-01-07T00:00:00Z");
        _i4 = await Interaction(_w.OrgA, "meeting", "google_calendar", _w.Other, null, null, "2026-01-04T23:00:00Z", "2026-01-06T00:00:00Z");
        _iB = await Interaction(_w.OrgB, "message", "slack", _w.Collaborator, _w.Manager, _w.TeamB, "2026-01-05T10:00:00Z", "2026-01-05T00:00:00Z");
    }

    private Task<long> Interaction(long org, string type, string source, long actor, long? target, long? team, string occurred, string created) =>
        Given.RowAsync("""
            INSERT INTO interactions (organization_id, type, source, actor_id, target_user_id, team_id, reference_type, reference_id, occurred_at, created_at)
            VALUES (@org, @type, @source, @actor, @target, @team, 'pull_request', 'pr_9', @occurred::timestamptz, @created::timestamptz)
            RETURNING id
            """, new { org, type, source, actor, target, team, occurred, created });

    private PeopleVisibility Open => new([_w.OrgA, _w.OrgB], []);

    private PeopleVisibility Sees(params long[] usersInA) => new([], [.. usersInA.Select(u => new VisiblePerson(_w.OrgA, u))]);

    private async Task<(long[] Ids, long Total)> List(long[] scope, PeopleVisibility people, params (string, string)[] p)
    {
        var (rows, total) = await _reader.ListAsync(Options(ListInteractions.Query.Spec, p), scope, people, CancellationToken.None);
        return ([.. rows.Select(i => i.Id.Value)], total);
    }

    [Test]
    public async Task List_CreatedAtDefault_AndOccurredAt_BothDirectionsWithTies()
    {
        Assert.That((await List([_w.OrgA], Open)).Ids, Is.EqualTo(new[] { _i1, _i3, _i2, _i4 }));
        Assert.That((await List([_w.OrgA], Open, ("order", "asc"))).Ids, Is.EqualTo(new[] { _i4, _i2, _i3, _i1 }));
        Assert.That((await List([_w.OrgA], Open, ("sort", "occurred_at"), ("order", "asc"))).Ids, Is.EqualTo(new[] { _i4, _i1, _i2, _i3 }));
        Assert.That((await List([_w.OrgA], Open, ("sort", "occurred_at"))).Ids, Is.EqualTo(new[] { _i3, _i2, _i1, _i4 }));
    }

    [Test]
    public async Task List_EachFilter()
    {
        Assert.That((await List([_w.OrgA], Open, ("type", "message"))).Ids, Is.EqualTo(new[] { _i2 }));
        Assert.That((await List([_w.OrgA], Open, ("source", "github"))).Ids, Is.EquivalentTo(new[] { _i1, _i3 }));
        Assert.That((await List([_w.OrgA], Open, ("actor_id", $"usr_{_w.Other}"))).Ids, Is.EquivalentTo(new[] { _i2, _i4 }));
        Assert.That((await List([_w.OrgA], Open, ("target_user_id", $"usr_{_w.Member}"))).Ids, Is.EqualTo(new[] { _i2 }));
        Assert.That((await List([_w.OrgA], Open, ("team_id", $"team_{_w.Team}"))).Ids, Is.EquivalentTo(new[] { _i1, _i3 }));
        Assert.That((await List([_w.OrgA], Open, ("team_id", $"team_{_w.TeamB}"))).Ids, Is.Empty);
        Assert.That((await List([_w.OrgA], Open, ("occurred_at[gte]", "2026-01-05"))).Ids, Is.EquivalentTo(new[] { _i1, _i2, _i3 }));
        Assert.That((await List([_w.OrgA], Open, ("occurred_at[lte]", "2026-01-04"))).Ids, Is.EqualTo(new[] { _i4 }));
        Assert.That((await List([_w.OrgA], Open, ("occurred_at", "2026-01-05"))).Ids, Is.EquivalentTo(new[] { _i1, _i2 }));
        Assert.That((await List([_w.OrgA], Open, ("occurred_at[gt]", "2026-01-05T10:00:00Z"))).Ids, Is.EqualTo(new[] { _i3 }));
        Assert.That((await List([_w.OrgA], Open, ("occurred_at[lt]", "2026-01-05T10:00:00Z"))).Ids, Is.EqualTo(new[] { _i4 }));
    }

    [Test]
    public async Task List_RestrictedCaller_SeesInteractionsWhereAVisiblePersonIsActorOrTarget()
    {
        Assert.That((await List([_w.OrgA], Sees(_w.Collaborator))).Ids, Is.EqualTo(new[] { _i1 }));
        Assert.That((await List([_w.OrgA], Sees(_w.Member))).Ids, Is.EquivalentTo(new[] { _i2, _i3 }));
        Assert.That((await List([_w.OrgA], Sees(_w.Collaborator, _w.Member, _w.Manager))).Ids, Is.EquivalentTo(new[] { _i1, _i2, _i3 }));
        Assert.That((await List([_w.OrgA, _w.OrgB], Sees(_w.Collaborator))).Ids, Is.EqualTo(new[] { _i1 }));
        Assert.That((await List([_w.OrgA, _w.OrgB], new PeopleVisibility([_w.OrgB], [new VisiblePerson(_w.OrgA, _w.Collaborator)]))).Ids,
            Is.EquivalentTo(new[] { _i1, _iB }));
        Assert.That((await List([_w.OrgA], PeopleVisibility.Nobody)).Ids, Is.Empty);
    }

    [Test]
    public async Task List_PagePastTheEnd_AndTenantIsolation()
    {
        var (ids, total) = await List([_w.OrgA], Open, ("per_page", "4"), ("page", "2"));
        Assert.That((ids.Length, total), Is.EqualTo((0, 4L)));
        Assert.That((await List([_w.OrgB], Open)).Ids, Is.EqualTo(new[] { _iB }));
        Assert.That((await List([], Open)).Ids, Is.Empty);
    }

    [Test]
    public async Task ListOfTeam_InteractionsWhoseActorIsAMember()
    {
        var spec = ListTeamInteractions.Query.Spec;
        var (rows, total) = await _reader.ListOfTeamAsync(new TeamId(_w.Team), Options(spec), [_w.OrgA], Open, CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new[] { _i1, _i3 }));
        Assert.That(total, Is.EqualTo(2));
        (rows, _) = await _reader.ListOfTeamAsync(new TeamId(_w.Team), Options(spec, ("type", "commit")), [_w.OrgA], Open, CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new[] { _i3 }));
        (rows, _) = await _reader.ListOfTeamAsync(new TeamId(_w.Team), Options(spec), [_w.OrgA], Sees(_w.Collaborator), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new[] { _i1 }));
        (rows, _) = await _reader.ListOfTeamAsync(new TeamId(_w.Team), Options(spec), [_w.OrgB], Open, CancellationToken.None);
        Assert.That(rows, Is.Empty);
    }

    [Test]
    public async Task ListOfUser_InteractionsWhereTheUserIsActorOrTarget()
    {
        var spec = ListUserInteractions.Query.Spec;
        var (rows, _) = await _reader.ListOfUserAsync(new UserId(_w.Member), Options(spec, ("order", "asc")), [_w.OrgA], Open, CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new[] { _i2, _i3 }));
        (rows, _) = await _reader.ListOfUserAsync(new UserId(_w.Collaborator), Options(spec), [_w.OrgA, _w.OrgB], Open, CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new[] { _i1, _iB }));
        (rows, _) = await _reader.ListOfUserAsync(new UserId(_w.Collaborator), Options(spec), [_w.OrgA], Open, CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new[] { _i1 }));
        (rows, _) = await _reader.ListOfUserAsync(new UserId(_w.Other), Options(spec), [_w.OrgA], Sees(_w.Member), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id.Value), Is.EqualTo(new[] { _i2 }));
    }

    [Test]
    public async Task Get_MapsEveryColumn_UnknownIsNull()
    {
        var i = await _reader.GetAsync(new InteractionId(_i1), CancellationToken.None);
        Assert.That(i, Is.EqualTo(new InteractionView(new InteractionId(_i1), new OrganizationId(_w.OrgA), "pr_review", "github",
            new UserId(_w.Collaborator), new UserId(_w.Other), new TeamId(_w.Team), "pull_request", "pr_9",
            At("2026-01-05T10:00:00Z"), At("2026-01-08T00:00:00Z"))));
        Assert.That((await _reader.GetAsync(new InteractionId(_i4), CancellationToken.None))!.TargetUserId, Is.Null);
        Assert.That(await _reader.GetAsync(new InteractionId(_iB + 1000), CancellationToken.None), Is.Null);
    }
}
