using System.Globalization;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>
/// rest-api.md §7 Teams, Users, Apps and the organization sub-lists, over HTTP. The fixture inserts its own
/// organizations (Peopleco, Peoplex, Othercorp) so the shared fixture data's counts stay untouched.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class PeopleTests : ContractTest
{
    private static readonly string[] TeamFields = ["id", "organization_id", "name", "description", "parent_team_id", "member_count", "created_at", "updated_at"];
    private static readonly string[] UserFields = ["id", "name", "email", "title", "timezone", "is_active", "is_bot", "avatar_url", "created_at", "updated_at"];
    private static readonly string[] AppFields = ["id", "organization_id", "provider", "category", "name", "is_active", "last_synced_at", "created_at"];

    private long _p1, _p2, _p3, _admin, _member, _other, _t1, _t2, _t3, _a1, _a2, _a3;
    private string _adminToken = "", _otherToken = "";

    private static string Id(string prefix, long value) => prefix + "_" + value.ToString(CultureInfo.InvariantCulture);
    private static string[] Ids(IEnumerable<JsonElement> items) => [.. items.Select(i => i.GetProperty("id").GetString()!)];

    private string P1 => Id("org", _p1);
    private string P3 => Id("org", _p3);
    private string Admin => Id("usr", _admin);
    private string Member => Id("usr", _member);
    private string Other => Id("usr", _other);
    private string T1 => Id("team", _t1);
    private string T2 => Id("team", _t2);
    private string T3 => Id("team", _t3);
    private string A1 => Id("app", _a1);
    private string A2 => Id("app", _a2);
    private string A3 => Id("app", _a3);

    [OneTimeSetUp]
    public async Task InsertAsync()
    {
        if (!Target.IsInProcess) return;
        var host = Target.Host!;
        async Task<long> Insert(string sql, params (string, object)[] parameters) => (long)(await host.SqlAsync(sql, parameters))!;

        _p1 = await Insert("INSERT INTO organizations (name, slug) VALUES ('Peopleco', 'peopleco') RETURNING id");
        _p2 = await Insert("INSERT INTO organizations (name, slug) VALUES ('Peoplex', 'peoplex') RETURNING id");
        _p3 = await Insert("INSERT INTO organizations (name, slug) VALUES ('Othercorp', 'othercorp') RETURNING id");
        _admin = await Insert("INSERT INTO users (name, email) VALUES ('Pia Admin', 'pia@peopleco.test') RETURNING id");
        _member = await Insert("INSERT INTO users (name, email) VALUES ('Max Member', 'Max@Peopleco.test') RETURNING id");
        _other = await Insert("INSERT INTO users (name, email) VALUES ('Oli Other', 'oli@othercorp.test') RETURNING id");
        await host.SqlAsync("""
            INSERT INTO organization_members (organization_id, user_id, role) VALUES
              (@p1, @admin, 'admin'), (@p1, @member, 'collaborator'), (@p2, @admin, 'collaborator'), (@p3, @other, 'admin')
            """, ("p1", _p1), ("p2", _p2), ("p3", _p3), ("admin", _admin), ("member", _member), ("other", _other));
        _t1 = await Insert("INSERT INTO teams (organization_id, name, created_at) VALUES (@o, 'Platform', '2026-01-01T00:00:00Z') RETURNING id", ("o", _p1));
        _t2 = await Insert("INSERT INTO teams (organization_id, name, parent_team_id, created_at) VALUES (@o, 'Apps', @parent, '2026-02-01T00:00:00Z') RETURNING id", ("o", _p1), ("parent", _t1));
        _t3 = await Insert("INSERT INTO teams (organization_id, name) VALUES (@o, 'Ops') RETURNING id", ("o", _p3));
        await host.SqlAsync("""
            INSERT INTO team_members (organization_id, team_id, user_id, team_role) VALUES (@p1, @t1, @admin, 'manager'), (@p1, @t1, @member, 'member')
            """, ("p1", _p1), ("t1", _t1), ("admin", _admin), ("member", _member));
        _a1 = await Insert("INSERT INTO apps (organization_id, provider, category, name, created_at) VALUES (@o, 'github', 'source_control', 'GitHub', '2026-01-01T00:00:00Z') RETURNING id", ("o", _p1));
        _a2 = await Insert("INSERT INTO apps (organization_id, provider, category, name, created_at) VALUES (@o, 'jira', 'project_management', 'Jira', '2026-02-01T00:00:00Z') RETURNING id", ("o", _p1));
        _a3 = await Insert("INSERT INTO apps (organization_id, provider, category, name) VALUES (@o, 'github', 'source_control', 'GitHub') RETURNING id", ("o", _p3));
        await host.SqlAsync("INSERT INTO user_apps (organization_id, user_id, app_id, provider, external_id, external_username) VALUES (@o, @u, @a, 'github', '42', 'max')",
            ("o", _p1), ("u", _member), ("a", _a1));

        var admin = host.CreateTokenAsync("pia@peopleco.test");
        var other = host.CreateTokenAsync("oli@othercorp.test");
        (_adminToken, _otherToken) = (await admin, await other);
    }

    private Task<ApiResponse> Get(string path) => Api.GetAsync(path, _adminToken);

    [Test]
    public async Task Teams_List_HasTheTeamShapeAndOnlyTheCallersTeams()
    {
        var response = await Get("/v1/teams");

        var items = EnvelopeAssert.List(response);
        Assert.That(Ids(items), Is.EqualTo(new[] { T2, T1 }), "created_at desc by default");
        Assert.That(items.Select(EnvelopeAssert.Names), Is.All.EqualTo(TeamFields));
        Assert.That(items[1].GetProperty("member_count").GetInt32(), Is.EqualTo(2));
        Assert.That(items[0].GetProperty("parent_team_id").GetString(), Is.EqualTo(T1));
        Assert.That(items[1].GetProperty("description").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Teams_FilterAndSort()
    {
        Assert.That(Ids(EnvelopeAssert.List(await Get($"/v1/teams?parent_team_id={T1}"))), Is.EqualTo(new[] { T2 }));
        Assert.That(Ids(EnvelopeAssert.List(await Get("/v1/teams?sort=name&order=asc"))), Is.EqualTo(new[] { T2, T1 }));
        Assert.That(Ids(EnvelopeAssert.List(await Get($"/v1/teams?organization_id={P3}"))), Is.Empty, "another organization's id filters to nothing");
        EnvelopeAssert.Validation(await Get("/v1/teams?sort=member_count"), "sort");
    }

    [Test]
    public async Task Team_GetForbiddenAndNotFound()
    {
        var team = EnvelopeAssert.Single(await Get($"/v1/teams/{T1}"));
        Assert.That(team.GetProperty("name").GetString(), Is.EqualTo("Platform"));
        EnvelopeAssert.Error(await Get($"/v1/teams/{T3}"), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Get("/v1/teams/team_999999"), 404, "NOT_FOUND");
        EnvelopeAssert.Error(await Get($"/v1/teams/{T3}/members"), 403, "FORBIDDEN");
    }

    [Test]
    public async Task TeamMembers_ListFilterOneAndManagers()
    {
        var members = EnvelopeAssert.List(await Get($"/v1/teams/{T1}/members?sort=name&order=asc"));
        Assert.That(Ids(members), Is.EqualTo(new[] { Member, Admin }));
        Assert.That(EnvelopeAssert.Names(members[0]), Is.EqualTo(UserFields.Concat(["team_role", "joined_at"])));
        Assert.That(Ids(EnvelopeAssert.List(await Get($"/v1/teams/{T1}/members?team_role=manager"))), Is.EqualTo(new[] { Admin }));
        Assert.That(Ids(EnvelopeAssert.List(await Get($"/v1/teams/{T1}/managers"))), Is.EqualTo(new[] { Admin }));
        EnvelopeAssert.Validation(await Get($"/v1/teams/{T1}/managers?team_role=member"), "team_role");

        var one = EnvelopeAssert.Single(await Get($"/v1/teams/{T1}/members/{Member}"));
        Assert.That(one.GetProperty("team_role").GetString(), Is.EqualTo("member"));
        EnvelopeAssert.Error(await Get($"/v1/teams/{T2}/members/{Member}"), 404, "NOT_FOUND");
        EnvelopeAssert.Error(await Get($"/v1/teams/{T1}/members/usr_abc"), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Users_ListEachOnceWithCaseInsensitiveEmail()
    {
        var response = await Get("/v1/users?sort=name&order=asc");

        var items = EnvelopeAssert.List(response);
        Assert.That(Ids(items), Is.EqualTo(new[] { Member, Admin }), "Pia is in two of her organizations and appears once");
        Assert.That(items.Select(EnvelopeAssert.Names), Is.All.EqualTo(UserFields));
        Assert.That(Ids(EnvelopeAssert.List(await Get("/v1/users?email=max@peopleco.TEST"))), Is.EqualTo(new[] { Member }));
        Assert.That(Ids(EnvelopeAssert.List(await Get($"/v1/users?team_id={T1}&order=asc"))), Is.EquivalentTo(new[] { Admin, Member }));
        Assert.That(Ids(EnvelopeAssert.List(await Get($"/v1/users?organization_id={Id("org", _p2)}"))), Is.EqualTo(new[] { Admin }));
    }

    [Test]
    public async Task User_GetSelfSharedForbiddenNotFound()
    {
        Assert.That(EnvelopeAssert.Single(await Get($"/v1/users/{Admin}")).GetProperty("email").GetString(), Is.EqualTo("pia@peopleco.test"));
        Assert.That(EnvelopeAssert.Single(await Get($"/v1/users/{Member}")).GetProperty("name").GetString(), Is.EqualTo("Max Member"));
        EnvelopeAssert.Error(await Get($"/v1/users/{Other}"), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Get("/v1/users/usr_999999"), 404, "NOT_FOUND");
        EnvelopeAssert.Error(await Get($"/v1/users/{Other}/teams"), 403, "FORBIDDEN");
    }

    [Test]
    public async Task UserOrganizations_IntersectedWithTheCallers_WithRole()
    {
        var own = EnvelopeAssert.List(await Get($"/v1/users/{Admin}/organizations?sort=name&order=asc"));
        Assert.That(own.Select(o => (o.GetProperty("name").GetString(), o.GetProperty("role").GetString())),
            Is.EqualTo(new[] { ("Peopleco", "admin"), ("Peoplex", "collaborator") }));
        var member = EnvelopeAssert.List(await Api.GetAsync($"/v1/users/{Member}/organizations", _adminToken));
        Assert.That(Ids(member), Is.EqualTo(new[] { P1 }));
    }

    [Test]
    public async Task UserTeams_ListAndRelation()
    {
        var teams = EnvelopeAssert.List(await Get($"/v1/users/{Member}/teams"));
        Assert.That(Ids(teams), Is.EqualTo(new[] { T1 }));
        Assert.That(EnvelopeAssert.Names(teams[0]), Is.EqualTo(TeamFields.Concat(["team_role", "joined_at"])));
        Assert.That(EnvelopeAssert.Single(await Get($"/v1/users/{Admin}/teams/{T1}")).GetProperty("team_role").GetString(), Is.EqualTo("manager"));
        EnvelopeAssert.Error(await Get($"/v1/users/{Member}/teams/{T2}"), 404, "NOT_FOUND");
    }

    [Test]
    public async Task UserApps_ListOneAndGitApps()
    {
        var apps = EnvelopeAssert.List(await Get($"/v1/users/{Member}/apps"));
        Assert.That(apps.Select(EnvelopeAssert.Names), Is.All.EqualTo(new[] { "id", "app_id", "provider", "external_id", "external_username", "external_email", "created_at" }));
        Assert.That(apps.Single().GetProperty("app_id").GetString(), Is.EqualTo(A1));
        Assert.That(apps.Single().GetProperty("id").GetString(), Does.StartWith("uapp_"));
        Assert.That(EnvelopeAssert.List(await Get($"/v1/users/{Member}/apps?provider=jira")), Is.Empty);
        Assert.That(EnvelopeAssert.Single(await Get($"/v1/users/{Member}/apps/{A1}")).GetProperty("external_username").GetString(), Is.EqualTo("max"));
        EnvelopeAssert.Error(await Get($"/v1/users/{Member}/apps/{A2}"), 404, "NOT_FOUND");
        var git = EnvelopeAssert.List(await Get($"/v1/users/{Member}/git/apps"));
        Assert.That(Ids(git), Is.EqualTo(new[] { A1 }));
        Assert.That(EnvelopeAssert.Names(git[0]), Is.EqualTo(AppFields));
    }

    [Test]
    public async Task Apps_ListFilterGet()
    {
        var items = EnvelopeAssert.List(await Get("/v1/apps"));
        Assert.That(Ids(items), Is.EqualTo(new[] { A2, A1 }));
        Assert.That(items.Select(EnvelopeAssert.Names), Is.All.EqualTo(AppFields));
        Assert.That(Ids(EnvelopeAssert.List(await Get("/v1/apps?category=source_control"))), Is.EqualTo(new[] { A1 }));
        EnvelopeAssert.Validation(await Get("/v1/apps?provider=svn"), "provider");
        Assert.That(EnvelopeAssert.Single(await Get($"/v1/apps/{A1}")).GetProperty("provider").GetString(), Is.EqualTo("github"));
        EnvelopeAssert.Error(await Get($"/v1/apps/{A3}"), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Get("/v1/apps/app_999999"), 404, "NOT_FOUND");
    }

    [Test]
    public async Task OrganizationTeamsAndApps()
    {
        Assert.That(Ids(EnvelopeAssert.List(await Get($"/v1/organizations/{P1}/teams?sort=name&order=desc"))), Is.EqualTo(new[] { T1, T2 }));
        Assert.That(Ids(EnvelopeAssert.List(await Get($"/v1/organizations/{P1}/apps?provider=jira"))), Is.EqualTo(new[] { A2 }));
        EnvelopeAssert.Validation(await Get($"/v1/organizations/{P1}/teams?organization_id={P1}"), "organization_id");
        EnvelopeAssert.Error(await Get($"/v1/organizations/{P3}/teams"), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Get($"/v1/organizations/{P3}/apps"), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Get("/v1/organizations/org_999999/apps"), 404, "NOT_FOUND");
        Assert.That(Ids(EnvelopeAssert.List(await Api.GetAsync($"/v1/organizations/{P3}/apps", _otherToken))), Is.EqualTo(new[] { A3 }));
    }

    [Test]
    public async Task OtherOrganizationsCaller_SeesNoneOfPeopleco()
    {
        Assert.That(Ids(EnvelopeAssert.List(await Api.GetAsync("/v1/teams", _otherToken))), Is.EqualTo(new[] { T3 }));
        Assert.That(Ids(EnvelopeAssert.List(await Api.GetAsync("/v1/users", _otherToken))), Is.EqualTo(new[] { Other }));
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/users/{Admin}/organizations", _otherToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Lists_PagePastTheEnd_EmptyWithMeta()
    {
        var response = await Get("/v1/teams?page=5&per_page=1");

        Assert.That(EnvelopeAssert.List(response), Is.Empty);
        var meta = EnvelopeAssert.Meta(response);
        Assert.That((meta.Page, meta.Total, meta.TotalPages), Is.EqualTo((5, 2L, 2L)));
    }
}
