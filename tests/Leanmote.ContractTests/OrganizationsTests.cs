using System.Globalization;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>rest-api.md §4 and §7 "Organizations": tenant boundary, members, filters, sorts, projections.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class OrganizationsTests : ContractTest
{
    private static readonly string[] MemberFields =
        ["id", "name", "email", "title", "timezone", "is_active", "is_bot", "avatar_url", "created_at", "updated_at", "role", "joined_at"];

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string[] Ids(IEnumerable<JsonElement> items) => [.. items.Select(i => i.GetProperty("id").GetString()!)];

    private static string MembersPath(Organization organization, string query = "") =>
        $"/v1/organizations/{organization.PublicId}/members" + (query.Length > 0 ? "?" + query : "");

    [Test]
    public async Task List_AdminOfOneOrganization_SeesOnlyThatOrganization()
    {
        var items = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", Data.AliceToken));

        Assert.That(Ids(items), Is.EqualTo(new[] { Data.Acme.PublicId }));
        var acme = items[0];
        Assert.That(acme.GetProperty("name").GetString(), Is.EqualTo("Acme"));
        Assert.That(acme.GetProperty("slug").GetString(), Is.EqualTo("acme"));
        Assert.That(acme.GetProperty("timezone").GetString(), Is.EqualTo("UTC"));
        Assert.That(acme.GetProperty("created_at").GetString(), Is.EqualTo(Iso(Data.Acme.CreatedAt)));
    }

    [Test]
    public async Task List_MemberOfBoth_SeesBothNewestFirst()
    {
        var response = await Api.GetAsync("/v1/organizations", Data.DaveToken);

        Assert.That(Ids(EnvelopeAssert.List(response)), Is.EqualTo(new[] { Data.Globex.PublicId, Data.Acme.PublicId }));
        Assert.That(EnvelopeAssert.Meta(response).Total, Is.EqualTo(2));
    }

    [Test]
    public async Task List_SortNameAsc_OrdersByName()
    {
        var response = await Api.GetAsync("/v1/organizations?sort=name&order=asc", Data.DaveToken);

        Assert.That(Ids(EnvelopeAssert.List(response)), Is.EqualTo(new[] { Data.Acme.PublicId, Data.Globex.PublicId }));
        var meta = EnvelopeAssert.Meta(response);
        Assert.That((meta.Sort, meta.Order), Is.EqualTo(("name", "asc")));
    }

    [Test]
    public async Task List_OtherOrganizationsAdmin_SeesOnlyGlobex()
    {
        var items = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", Data.GinaToken));

        Assert.That(Ids(items), Is.EqualTo(new[] { Data.Globex.PublicId }));
        Assert.That(items[0].GetProperty("timezone").GetString(), Is.EqualTo("Europe/Berlin"));
    }

    [Test]
    public async Task Get_OwnOrganization_ReturnsIt()
    {
        var data = EnvelopeAssert.Single(await Api.GetAsync($"/v1/organizations/{Data.Acme.PublicId}", Data.CarolToken));

        Assert.That(EnvelopeAssert.Names(data), Is.EquivalentTo(new[] { "id", "name", "slug", "timezone", "created_at", "updated_at" }));
        Assert.That(data.GetProperty("id").GetString(), Is.EqualTo(Data.Acme.PublicId));
        Assert.That(data.GetProperty("name").GetString(), Is.EqualTo("Acme"));
    }

    [Test]
    public async Task Get_OtherOrganization_Is403()
    {
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/organizations/{Data.Globex.PublicId}", Data.AliceToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Members_OtherOrganization_Is403()
    {
        EnvelopeAssert.Error(await Api.GetAsync(MembersPath(Data.Globex), Data.AliceToken), 403, "FORBIDDEN");
    }

    [TestCase("org_999999", TestName = "Get_NonexistentOrganization_Is404")]
    [TestCase("team_1", TestName = "Get_WrongPrefix_Is404")]
    [TestCase("org_abc", TestName = "Get_UnparseableId_Is404")]
    [TestCase("org_", TestName = "Get_EmptyNumber_Is404")]
    [TestCase("org_-1", TestName = "Get_NegativeNumber_Is404")]
    [TestCase("org_99999999999999999999999", TestName = "Get_OverflowingNumber_Is404")]
    [TestCase("1", TestName = "Get_BareNumber_Is404")]
    public async Task Get_BadOrUnknownId_Is404(string id)
    {
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/organizations/{id}", Data.AliceToken), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Get_WrongPrefixOfExistingNumber_Is404()
    {
        var id = "team_" + Data.Acme.Id.ToString(CultureInfo.InvariantCulture);

        EnvelopeAssert.Error(await Api.GetAsync($"/v1/organizations/{id}", Data.AliceToken), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Members_Nonexistent_Is404()
    {
        EnvelopeAssert.Error(await Api.GetAsync("/v1/organizations/org_999999/members", Data.AliceToken), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Members_Default_ListsEveryMemberWithRoleAndJoinedAt()
    {
        var response = await Api.GetAsync(MembersPath(Data.Acme), Data.CarolToken);

        var items = EnvelopeAssert.List(response);
        Assert.That(EnvelopeAssert.Meta(response).Total, Is.EqualTo(Data.Acme.Members.Count));
        Assert.That(Ids(items), Is.EquivalentTo(Data.Acme.Members.Select(m => m.User.PublicId)));
        foreach (var item in items)
        {
            Assert.That(EnvelopeAssert.Names(item), Is.EquivalentTo(MemberFields));
            var expected = Data.Acme.Members.Single(m => m.User.PublicId == item.GetProperty("id").GetString());
            Assert.That(item.GetProperty("role").GetString(), Is.EqualTo(expected.Role));
            Assert.That(item.GetProperty("joined_at").GetString(), Is.EqualTo(Iso(expected.JoinedAt)));
            Assert.That(item.GetProperty("email").GetString(), Is.EqualTo(expected.User.Email));
            Assert.That(item.GetProperty("name").GetString(), Is.EqualTo(expected.User.Name));
            Assert.That(item.GetProperty("is_active").GetBoolean(), Is.EqualTo(expected.User.IsActive));
            Assert.That(item.GetProperty("is_bot").GetBoolean(), Is.False);
            Assert.That(item.GetProperty("avatar_url").ValueKind, Is.EqualTo(JsonValueKind.Null), "absent values are null, not omitted");
            Assert.That(item.GetProperty("created_at").GetString(), Is.EqualTo(Iso(expected.User.CreatedAt)));
        }
    }

    [Test]
    public async Task Members_SharedUser_HasTheRoleOfEachOrganization()
    {
        var acme = EnvelopeAssert.List(await Api.GetAsync(MembersPath(Data.Acme, "fields=id,role"), Data.DaveToken));
        var globex = EnvelopeAssert.List(await Api.GetAsync(MembersPath(Data.Globex, "fields=id,role"), Data.DaveToken));

        string RoleOfDave(JsonElement[] items) => items.Single(i => i.GetProperty("id").GetString() == Data.Dave.PublicId).GetProperty("role").GetString()!;
        Assert.That(RoleOfDave(acme), Is.EqualTo("collaborator"));
        Assert.That(RoleOfDave(globex), Is.EqualTo("collaborator"));
        Assert.That(Ids(globex), Is.EquivalentTo(Data.Globex.Members.Select(m => m.User.PublicId)));
    }

    [TestCase("admin")]
    [TestCase("manager")]
    [TestCase("collaborator")]
    public async Task Members_FilterRole_ReturnsOnlyThatRole(string role)
    {
        var response = await Api.GetAsync(MembersPath(Data.Acme, "role=" + role), Data.AliceToken);

        var expected = Data.Acme.Members.Where(m => m.Role == role).Select(m => m.User.PublicId).ToList();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(Ids(EnvelopeAssert.List(response)), Is.EquivalentTo(expected));
        Assert.That(EnvelopeAssert.Meta(response).Total, Is.EqualTo(expected.Count));
    }

    [Test]
    public async Task Members_FilterInactive_ReturnsOnlyInactiveUsers()
    {
        var response = await Api.GetAsync(MembersPath(Data.Acme, "is_active=false"), Data.AliceToken);

        Assert.That(Ids(EnvelopeAssert.List(response)), Is.EqualTo(new[] { Data.Ivan.PublicId }));
    }

    [Test]
    public async Task Members_FilterRoleAndActive_Combines()
    {
        var response = await Api.GetAsync(MembersPath(Data.Acme, "role=collaborator&is_active=true"), Data.AliceToken);

        var expected = Data.Acme.Members.Where(m => m.Role == "collaborator" && m.User.IsActive).Select(m => m.User.PublicId);
        Assert.That(Ids(EnvelopeAssert.List(response)), Is.EquivalentTo(expected));
    }

    [TestCase("role=owner", "role")]
    [TestCase("role=Admin", "role")]
    [TestCase("is_active=yes", "is_active")]
    [TestCase("role[gte]=admin", "role[gte]")]
    public async Task Members_BadFilterValue_Is400NamingIt(string query, string field)
    {
        EnvelopeAssert.Validation(await Api.GetAsync(MembersPath(Data.Acme, query), Data.AliceToken), field);
    }

    private static IEnumerable<Member> Sorted(IEnumerable<Member> members, string sort, bool ascending)
    {
        Func<Member, string> key = sort switch
        {
            "name" => m => m.User.Name,
            "email" => m => m.User.Email,
            _ => m => m.User.CreatedAt.UtcTicks.ToString("D20", CultureInfo.InvariantCulture),
        };
        return ascending
            ? members.OrderBy(key, StringComparer.Ordinal).ThenBy(m => m.User.Id)
            : members.OrderByDescending(key, StringComparer.Ordinal).ThenByDescending(m => m.User.Id);
    }

    [TestCase("name", "asc")]
    [TestCase("name", "desc")]
    [TestCase("email", "asc")]
    [TestCase("email", "desc")]
    [TestCase("created_at", "asc")]
    [TestCase("created_at", "desc")]
    public async Task Members_Sort_MatchesFixtureOrderWithIdTieBreak(string sort, string order)
    {
        var response = await Api.GetAsync(MembersPath(Data.Acme, $"sort={sort}&order={order}"), Data.AliceToken);

        var expected = Sorted(Data.Acme.Members, sort, order == "asc").Select(m => m.User.PublicId);
        Assert.That(Ids(EnvelopeAssert.List(response)), Is.EqualTo(expected));
        var meta = EnvelopeAssert.Meta(response);
        Assert.That((meta.Sort, meta.Order), Is.EqualTo((sort, order)));
    }

    [Test]
    public async Task Members_NoSort_DefaultsToCreatedAtDesc()
    {
        var response = await Api.GetAsync(MembersPath(Data.Acme), Data.AliceToken);

        var expected = Sorted(Data.Acme.Members, "created_at", ascending: false).Select(m => m.User.PublicId);
        Assert.That(Ids(EnvelopeAssert.List(response)), Is.EqualTo(expected));
        var meta = EnvelopeAssert.Meta(response);
        Assert.That((meta.Sort, meta.Order), Is.EqualTo(("created_at", "desc")));
    }

    [Test]
    public async Task Members_Fields_ProjectsEachItem()
    {
        var items = EnvelopeAssert.List(await Api.GetAsync(MembersPath(Data.Acme, "fields=id,name"), Data.AliceToken));

        Assert.That(items, Has.Length.EqualTo(Data.Acme.Members.Count));
        Assert.That(items.Select(EnvelopeAssert.Names), Is.All.EquivalentTo(new[] { "id", "name" }));
    }

    [Test]
    public async Task Get_Fields_ProjectsTheResource()
    {
        var data = EnvelopeAssert.Single(await Api.GetAsync($"/v1/organizations/{Data.Acme.PublicId}?fields=id,name", Data.AliceToken));

        Assert.That(EnvelopeAssert.Names(data), Is.EquivalentTo(new[] { "id", "name" }));
        Assert.That(data.GetProperty("name").GetString(), Is.EqualTo("Acme"));
    }

    [Test]
    public async Task List_Fields_ProjectsEachOrganization()
    {
        var items = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations?fields=slug", Data.DaveToken));

        Assert.That(items.Select(i => EnvelopeAssert.Names(i)), Is.All.EqualTo(new[] { "slug" }));
        Assert.That(items.Select(i => i.GetProperty("slug").GetString()), Is.EquivalentTo(new[] { "acme", "globex" }));
    }

    [TestCase("/v1/organizations?fields=id,bogus")]
    [TestCase("/v1/organizations/{acme}?fields=bogus")]
    [TestCase("/v1/organizations/{acme}/members?fields=name,bogus")]
    public async Task Fields_Unknown_Is400NamingIt(string path)
    {
        var response = await Api.GetAsync(path.Replace("{acme}", Data.Acme.PublicId, StringComparison.Ordinal), Data.AliceToken);

        var message = EnvelopeAssert.Validation(response, "fields");
        Assert.That(message, Does.Contain("bogus"));
    }

    [TestCase("/v1/organizations?bogus=1", "bogus")]
    [TestCase("/v1/organizations?role=admin", "role")]
    [TestCase("/v1/organizations/{acme}/members?team_id=team_1", "team_id")]
    [TestCase("/v1/organizations/{acme}?page=1", "page")]
    [TestCase("/v1/organizations/{acme}?sort=name", "sort")]
    [TestCase("/v1/organizations/{acme}?bogus=", "bogus")]
    public async Task Parameter_Unknown_Is400NamingIt(string path, string parameter)
    {
        var response = await Api.GetAsync(path.Replace("{acme}", Data.Acme.PublicId, StringComparison.Ordinal), Data.AliceToken);

        EnvelopeAssert.Validation(response, parameter);
    }

    [Test]
    public async Task Get_SingleAllowsOnlyFields_MessageSaysSo()
    {
        var response = await Api.GetAsync($"/v1/organizations/{Data.Acme.PublicId}?page=1", Data.AliceToken);

        var message = EnvelopeAssert.Validation(response, "page");
        Assert.That(message, Does.Contain("fields"));
    }

    [Test]
    public async Task Get_AfterTheOrganizationChanges_AnswersTheNewRowWithinSeconds()
    {
        var path = $"/v1/organizations/{Data.Acme.PublicId}";
        Assert.That(EnvelopeAssert.Single(await Api.GetAsync(path, Data.AliceToken)).GetProperty("name").GetString(), Is.EqualTo("Acme"));

        // the row is cached in the API process; a change anywhere (here: straight in the database) must show
        await Target.Host!.SqlAsync("UPDATE organizations SET name = 'Acme Renamed' WHERE id = @o", ("o", Data.Acme.Id));
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string? name;
            do
            {
                name = EnvelopeAssert.Single(await Api.GetAsync(path, Data.AliceToken)).GetProperty("name").GetString();
                if (name == "Acme Renamed") break;
                await Task.Delay(50);
            }
            while (clock.Elapsed < TimeSpan.FromSeconds(5));
            Assert.That(name, Is.EqualTo("Acme Renamed"), "the cached row outlived the change");
        }
        finally
        {
            await Target.Host!.SqlAsync("UPDATE organizations SET name = 'Acme' WHERE id = @o", ("o", Data.Acme.Id));
            var clock = System.Diagnostics.Stopwatch.StartNew();   // later tests read the name: wait for it to be back
            while (EnvelopeAssert.Single(await Api.GetAsync(path, Data.AliceToken)).GetProperty("name").GetString() != "Acme"
                   && clock.Elapsed < TimeSpan.FromSeconds(5))
                await Task.Delay(25);
        }
    }
}
