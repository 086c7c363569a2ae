using System.Text.Json;
using Leanmote.Application.Dashboards;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Dashboards;
using Leanmote.IntegrationTests.WorkSupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Dashboards;

[TestFixture]
public sealed class DashboardReaderTests : WorkDatabaseTest
{
    private DashboardReader _reader = null!;
    private PeopleWorld _w = null!;
    private long _mine, _othersPrivate, _othersShared, _mineInB, _filterA1, _filterA2, _filterB;

    protected override async Task SeedAsync()
    {
        _reader = new DashboardReader(Db, Retry);
        _w = await PeopleWorld.CreateAsync(Given);
        _mine = await View(_w.OrgA, _w.Collaborator, "private", "2026-01-02T00:00:00Z", """{"team_id": "team_1", "range": {"days": 30}}""");
        _othersPrivate = await View(_w.OrgA, _w.Other, "private", "2026-01-02T00:00:00Z", "{}");
        _othersShared = await View(_w.OrgA, _w.Other, "organization", "2026-01-01T00:00:00Z", "{}");
        _mineInB = await View(_w.OrgB, _w.Collaborator, "organization", "2026-01-03T00:00:00Z", "{}");
        _filterA1 = await Filter(_w.OrgA, "2026-01-01T00:00:00Z", _w.Other);
        _filterA2 = await Filter(_w.OrgA, "2026-01-01T00:00:00Z", null);
        _filterB = await Filter(_w.OrgB, "2026-01-02T00:00:00Z", _w.Collaborator);
    }

    private Task<long> View(long org, long owner, string visibility, string created, string filters) =>
        Given.RowAsync("""
            INSERT INTO dashboard_views (organization_id, owner_id, name, type, visibility, filters, created_at, updated_at)
            VALUES (@org, @owner, 'View', 'performance_delivery', @visibility, @filters::jsonb, @created::timestamptz, @created::timestamptz + interval '1 day')
            RETURNING id
            """, new { org, owner, visibility, filters, created });

    private Task<long> Filter(long org, string created, long? by) =>
        Given.RowAsync("""
            INSERT INTO custom_filters (organization_id, name, description, definition, created_by, created_at)
            VALUES (@org, 'Bugs', NULL, '{"type": ["bug"], "status_category": "done"}', @by, @created::timestamptz) RETURNING id
            """, new { org, by, created });



    [Test]
    public async Task ListVisible_OwnPlusShared_SortedWithTies_Isolated()
    {
        var spec = ListDashboardViews.Query.Spec;
        var (rows, total) = await _reader.ListVisibleAsync(new UserId(_w.Collaborator), Options(spec), [_w.OrgA], CancellationToken.None);
        Assert.That(rows.Select(v => v.Id.Value), Is.EqualTo(new[] { _mine, _othersShared }));
        Assert.That(total, Is.EqualTo(2));
        (rows, _) = await _reader.ListVisibleAsync(new UserId(_w.Other), Options(spec, ("order", "asc")), [_w.OrgA], CancellationToken.None);
        Assert.That(rows.Select(v => v.Id.Value), Is.EqualTo(new[] { _othersShared, _othersPrivate }));
        (rows, _) = await _reader.ListVisibleAsync(new UserId(_w.Admin), Options(spec), [_w.OrgA], CancellationToken.None);
        Assert.That(rows.Select(v => v.Id.Value), Is.EqualTo(new[] { _othersShared }));
        (rows, _) = await _reader.ListVisibleAsync(new UserId(_w.Collaborator), Options(spec), [_w.OrgA, _w.OrgB], CancellationToken.None);
        Assert.That(rows.Select(v => v.Id.Value), Is.EqualTo(new[] { _mineInB, _mine, _othersShared }));
        (rows, total) = await _reader.ListVisibleAsync(new UserId(_w.Collaborator), Options(spec, ("page", "2")), [_w.OrgA], CancellationToken.None);
        Assert.That((rows.Count, total), Is.EqualTo((0, 2L)));
    }

    [Test]
    public async Task ListOwned_EveryViewOfTheOwner_InScopeOnly()
    {
        var spec = ListUserDashboardViews.Query.Spec;
        var (rows, _) = await _reader.ListOwnedAsync(new UserId(_w.Other), Options(spec), [_w.OrgA], CancellationToken.None);
        Assert.That(rows.Select(v => v.Id.Value), Is.EqualTo(new[] { _othersPrivate, _othersShared }));
        (rows, _) = await _reader.ListOwnedAsync(new UserId(_w.Collaborator), Options(spec, ("order", "asc")), [_w.OrgA, _w.OrgB], CancellationToken.None);
        Assert.That(rows.Select(v => v.Id.Value), Is.EqualTo(new[] { _mine, _mineInB }));
        (rows, _) = await _reader.ListOwnedAsync(new UserId(_w.Collaborator), Options(spec), [_w.OrgB], CancellationToken.None);
        Assert.That(rows.Select(v => v.Id.Value), Is.EqualTo(new[] { _mineInB }));
    }

    [Test]
    public async Task Get_FiltersAreTheStoredJsonObject()
    {
        var view = await _reader.GetAsync(new DashboardViewId(_mine), CancellationToken.None);
        Assert.That(view, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(view!.OrganizationId, Is.EqualTo(new OrganizationId(_w.OrgA)));
            Assert.That(view.OwnerId, Is.EqualTo(new UserId(_w.Collaborator)));
            Assert.That(view.Type, Is.EqualTo("performance_delivery"));
            Assert.That(view.Visibility, Is.EqualTo("private"));
            Assert.That(view.Filters.ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(view.Filters.GetProperty("range").GetProperty("days").GetInt32(), Is.EqualTo(30));
            Assert.That(view.CreatedAt, Is.EqualTo(At("2026-01-02T00:00:00Z")));
            Assert.That(view.UpdatedAt, Is.EqualTo(At("2026-01-03T00:00:00Z")));
        });
        Assert.That(await _reader.GetAsync(new DashboardViewId(_mineInB + 1000), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task GetOwned_OnlyTheOwnersViewInScope()
    {
        Assert.That((await _reader.GetOwnedAsync(new UserId(_w.Other), new DashboardViewId(_othersPrivate), [_w.OrgA], CancellationToken.None))?.Id.Value, Is.EqualTo(_othersPrivate));
        Assert.That(await _reader.GetOwnedAsync(new UserId(_w.Collaborator), new DashboardViewId(_othersPrivate), [_w.OrgA], CancellationToken.None), Is.Null);
        Assert.That(await _reader.GetOwnedAsync(new UserId(_w.Other), new DashboardViewId(_othersPrivate), [_w.OrgB], CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ListCustomFilters_SortedWithTies_Isolated_DefinitionIsAnObject()
    {
        var spec = ListCustomFilters.Query.Spec;
        var (rows, total) = await _reader.ListCustomFiltersAsync(Options(spec), [_w.OrgA], CancellationToken.None);
        Assert.That(rows.Select(f => f.Id.Value), Is.EqualTo(new[] { _filterA2, _filterA1 }));
        Assert.That(total, Is.EqualTo(2));
        (rows, _) = await _reader.ListCustomFiltersAsync(Options(spec, ("order", "asc")), [_w.OrgA], CancellationToken.None);
        Assert.That(rows.Select(f => f.Id.Value), Is.EqualTo(new[] { _filterA1, _filterA2 }));
        Assert.That(rows[0].Definition.GetProperty("type")[0].GetString(), Is.EqualTo("bug"));
        Assert.That(rows[0].CreatedBy, Is.EqualTo(new UserId(_w.Other)));
        Assert.That(rows[1].CreatedBy, Is.Null);
        Assert.That(rows[1].Description, Is.Null);
        (rows, _) = await _reader.ListCustomFiltersAsync(Options(spec), [_w.OrgB], CancellationToken.None);
        Assert.That(rows.Select(f => f.Id.Value), Is.EqualTo(new[] { _filterB }));
        (rows, total) = await _reader.ListCustomFiltersAsync(Options(spec, ("page", "2")), [_w.OrgA], CancellationToken.None);
        Assert.That((rows.Count, total), Is.EqualTo((0, 2L)));
    }
}
