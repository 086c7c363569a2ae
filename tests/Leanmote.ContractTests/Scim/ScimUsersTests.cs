using System.Globalization;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>scim.md §5.2–5.4, §6, §8, §9.8, §10 for Users, over HTTP against the real database.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimUsersTests : ContractTest
{
    private const string OktaCreate = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com",
         "name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"primary":true,"value":"ada@example.com","type":"work"}],
         "displayName":"Ada Lovelace","locale":"en-US","externalId":"00u1abcd","groups":[],"password":"x1y2z3","active":true}
        """;

    [Test]
    public async Task Post_OktaCreate_Is201WithTheFullResource()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);

        var response = await Scim.PostAsync(Api, "/Users", tenant.ScimToken, OktaCreate);

        var user = Scim.Expect(response, 201);
        var id = user.GetProperty("id").GetString()!;
        Assert.That(id, Does.Match("^usr_[0-9]+$"));
        Assert.That(response.Headers.Location?.ToString(), Does.EndWith("/scim/v2/Users/" + id));
        Assert.That(response.Headers.ETag?.ToString(), Is.EqualTo("W/\"1\""));
        Assert.That(user.GetProperty("userName").GetString(), Is.EqualTo("ada@example.com"));
        Assert.That(user.GetProperty("externalId").GetString(), Is.EqualTo("00u1abcd"));
        Assert.That(user.GetProperty("name").GetProperty("familyName").GetString(), Is.EqualTo("Lovelace"));
        Assert.That(user.GetProperty("active").GetBoolean(), Is.True);
        Assert.That(user.GetProperty("roles")[0].GetProperty("value").GetString(), Is.EqualTo("collaborator"));
        Assert.That(user.GetProperty("groups").GetArrayLength(), Is.Zero);
        Assert.That(user.TryGetProperty("password", out _), Is.False, "password is never returned");
        var meta = user.GetProperty("meta");
        Assert.That(meta.GetProperty("resourceType").GetString(), Is.EqualTo("User"));
        Assert.That(meta.GetProperty("created").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
        Assert.That(meta.GetProperty("version").GetString(), Is.EqualTo("W/\"1\""));
        Assert.That(meta.GetProperty("location").GetString(), Is.EqualTo(response.Headers.Location?.ToString()));

        var platform = await Target.Host!.SqlAsync("SELECT name || '|' || email FROM users WHERE id = @id", ("id", long.Parse(id[4..], CultureInfo.InvariantCulture)));
        Assert.That(platform, Is.EqualTo("Ada Lovelace|ada@example.com"), "users.name and users.email are derived from the profile");
    }

    [Test]
    public async Task Post_SameUserNameInAnyCase_Is409Uniqueness_UnicodeAware()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        await Scim.CreateUserAsync(Api, tenant, "ÅSA.ÖBERG@EXAMPLE.COM");

        var again = await Scim.PostAsync(Api, "/Users", tenant.ScimToken, Scim.UserBody("åsa.öberg@example.com"));

        var error = Scim.ExpectError(again, 409, "uniqueness");
        Assert.That(error.GetProperty("detail").GetString(), Does.Contain("åsa.öberg@example.com"));
        var found = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("userName eq \"åsa.Öberg@example.com\""), tenant.ScimToken), 1);
        Assert.That(found.GetProperty("Resources")[0].GetProperty("userName").GetString(), Is.EqualTo("ÅSA.ÖBERG@EXAMPLE.COM"), "stored as sent");
    }

    [Test]
    public async Task Post_ConcurrentCreatesOfOneUserName_ExactlyOneWins()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Scim.PostAsync(Api, "/Users", tenant.ScimToken, Scim.UserBody(i % 2 == 0 ? "race@example.com" : "RACE@example.com"))));

        Assert.That(responses.Count(r => r.StatusCode == 201), Is.EqualTo(1), string.Join("\n", responses.Select(r => r.ToString())));
        Assert.That(responses.Count(r => r.StatusCode == 409), Is.EqualTo(7));
    }

    [Test]
    public async Task Post_SameUserNameInAnotherOrganization_IsAllowed()
    {
        var first = await ScimTenant.CreateAsync(Target.Host!);
        var second = await ScimTenant.CreateAsync(Target.Host!);
        await Scim.CreateUserAsync(Api, first, "shared@example.com");
        await Scim.CreateUserAsync(Api, second, "shared@example.com");
    }

    [TestCase("""{"displayName":"No user name"}""")]
    [TestCase("""{"userName":"   "}""")]
    [TestCase("""{"userName":42}""")]
    [TestCase("""{"userName":"yes@example.com","active":"yes"}""")]
    [TestCase("""{"userName":"role@example.com","roles":[{"value":"owner"}]}""")]
    [TestCase("""{"userName":"emails@example.com","emails":"a@b.c"}""")]
    public async Task Post_InvalidValues_Is400InvalidValue_AndCreatesNothing(string body)
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        Scim.ExpectError(await Scim.PostAsync(Api, "/Users", tenant.ScimToken, body), 400, "invalidValue");
        Scim.ExpectList(await Scim.GetAsync(Api, "/Users", tenant.ScimToken), 1);
    }

    [Test]
    public async Task Post_UserNameOver256_Is400()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        Scim.ExpectError(await Scim.PostAsync(Api, "/Users", tenant.ScimToken, Scim.UserBody(new string('a', 257))), 400, "invalidValue");
    }

    [Test]
    public async Task ExistingMembers_AreUsers_WithUserNameFromEmailAndSplitName()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);

        var user = Scim.Expect(await Scim.GetAsync(Api, "/Users/" + tenant.AdminPublicId, tenant.ScimToken), 200);

        Assert.That(user.GetProperty("userName").GetString(), Does.EndWith("-admin@example.com"));
        Assert.That(user.GetProperty("name").GetProperty("givenName").GetString(), Is.EqualTo("Tenant"));
        Assert.That(user.GetProperty("name").GetProperty("familyName").GetString(), Is.EqualTo("Admin"));
        Assert.That(user.GetProperty("roles")[0].GetProperty("value").GetString(), Is.EqualTo("admin"));
    }

    [Test]
    public async Task OtherOrganizationsIds_Are404()
    {
        var mine = await ScimTenant.CreateAsync(Target.Host!);
        var theirs = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, theirs, "theirs@example.com");

        Scim.ExpectError(await Scim.GetAsync(Api, "/Users/" + id, mine.ScimToken), 404);
        Scim.ExpectError(await Scim.PatchAsync(Api, "/Users/" + id, mine.ScimToken, """{"Operations":[{"op":"replace","path":"active","value":false}]}"""), 404);
        Scim.ExpectError(await Scim.DeleteAsync(Api, "/Users/" + id, mine.ScimToken), 404);
        Assert.That(Scim.Ids(Scim.ExpectList(await Scim.GetAsync(Api, "/Users", mine.ScimToken), 1)), Does.Not.Contain(id));
    }

    [TestCase("usr_abc")]
    [TestCase("team_1")]
    [TestCase("usr_99999999999999999999999")]
    public async Task MalformedIds_Are404(string id)
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        Scim.ExpectError(await Scim.GetAsync(Api, "/Users/" + id, tenant.ScimToken), 404);
    }

    [Test]
    public async Task Get_IfNoneMatchCurrentVersion_Is304()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var response = await Scim.SendAsync(Api, HttpMethod.Get, "/Users/" + tenant.AdminPublicId, tenant.ScimToken,
            configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", "W/\"1\""));
        Assert.That(response.StatusCode, Is.EqualTo(304));
        Assert.That(response.Body, Is.Empty);
    }

    [Test]
    public async Task Put_ReplacesAttributes_KeepsActiveAndRolesWhenOmitted_IgnoresId()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "put@example.com", ""","title":"Engineer","roles":[{"value":"manager"}],"active":false""");

        var response = await Scim.PutAsync(Api, "/Users/" + id, tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"usr_1","userName":"put@example.com","displayName":"Put Person","meta":{"resourceType":"User"},"groups":[{"value":"team_1"}]}""");

        var user = Scim.Expect(response, 200);
        Assert.That(user.GetProperty("id").GetString(), Is.EqualTo(id));
        Assert.That(user.TryGetProperty("title", out _), Is.False, "omitted readWrite attributes are cleared");
        Assert.That(user.GetProperty("displayName").GetString(), Is.EqualTo("Put Person"));
        Assert.That(user.GetProperty("active").GetBoolean(), Is.False, "active unchanged when omitted");
        Assert.That(user.GetProperty("roles")[0].GetProperty("value").GetString(), Is.EqualTo("manager"), "roles unchanged when omitted");
        Assert.That(response.Headers.ETag?.ToString(), Is.EqualTo("W/\"2\""));
    }

    [Test]
    public async Task Put_UnknownId_Is404_AndNameCollision_Is409()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        Scim.ExpectError(await Scim.PutAsync(Api, "/Users/usr_999999999", tenant.ScimToken, Scim.UserBody("x@example.com")), 404);
        var id = await Scim.CreateUserAsync(Api, tenant, "mine@example.com");
        await Scim.CreateUserAsync(Api, tenant, "taken@example.com");
        Scim.ExpectError(await Scim.PutAsync(Api, "/Users/" + id, tenant.ScimToken, Scim.UserBody("TAKEN@example.com")), 409, "uniqueness");
    }

    [Test]
    public async Task Put_SameContent_KeepsVersionAndLastModified()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "same@example.com", ""","title":"Same" """);
        var before = Scim.Expect(await Scim.GetAsync(Api, "/Users/" + id, tenant.ScimToken), 200).GetProperty("meta");

        var after = Scim.Expect(await Scim.PutAsync(Api, "/Users/" + id, tenant.ScimToken, Scim.UserBody("same@example.com", ""","title":"Same" """)), 200).GetProperty("meta");

        Assert.That(after.GetProperty("version").GetString(), Is.EqualTo(before.GetProperty("version").GetString()));
        Assert.That(after.GetProperty("lastModified").GetString(), Is.EqualTo(before.GetProperty("lastModified").GetString()));
    }

    [Test]
    public async Task IfMatch_Stale_Is412AndNothingChanges_Current_Succeeds()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "etag@example.com");
        const string patch = """{"Operations":[{"op":"replace","path":"title","value":"Changed"}]}""";

        var stale = await Scim.SendAsync(Api, HttpMethod.Patch, "/Users/" + id, tenant.ScimToken, patch,
            configure: r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"7\""));
        Scim.ExpectError(stale, 412);
        Assert.That(Scim.Expect(await Scim.GetAsync(Api, "/Users/" + id, tenant.ScimToken), 200).TryGetProperty("title", out _), Is.False);

        var current = await Scim.SendAsync(Api, HttpMethod.Patch, "/Users/" + id, tenant.ScimToken, patch,
            configure: r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\""));
        Assert.That(Scim.Expect(current, 200).GetProperty("title").GetString(), Is.EqualTo("Changed"));
        var delete = await Scim.SendAsync(Api, HttpMethod.Delete, "/Users/" + id, tenant.ScimToken,
            configure: r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\""));
        Scim.ExpectError(delete, 412);
    }

    [Test]
    public async Task Patch_ThatChangesNothing_KeepsTheVersion()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "noop@example.com");
        var user = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken, """{"Operations":[{"op":"replace","path":"active","value":true}]}"""), 200);
        Assert.That(user.GetProperty("meta").GetProperty("version").GetString(), Is.EqualTo("W/\"1\""));
    }

    [Test]
    public async Task Patch_ConcurrentChangesToDifferentAttributes_AllLand()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "concurrent@example.com");
        string[] attributes = ["title", "nickName", "locale", "userType", "preferredLanguage", "displayName"];

        var responses = await Task.WhenAll(attributes.Select(a =>
            Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken, $$"""{"Operations":[{"op":"replace","path":"{{a}}","value":"v-{{a}}"}]}""")));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(200));
        var user = Scim.Expect(await Scim.GetAsync(Api, "/Users/" + id, tenant.ScimToken), 200);
        foreach (var attribute in attributes) Assert.That(user.GetProperty(attribute).GetString(), Is.EqualTo("v-" + attribute));
        Assert.That(user.GetProperty("meta").GetProperty("version").GetString(), Is.EqualTo($"W/\"{attributes.Length + 1}\""));
    }

    [Test]
    public async Task Patch_OneBadOperation_AppliesNothing()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "atomic@example.com");
        var response = await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            """{"Operations":[{"op":"replace","path":"title","value":"Set"},{"op":"replace","path":"noSuchAttribute","value":"x"}]}""");
        Scim.ExpectError(response, 400, "invalidPath");
        Assert.That(Scim.Expect(await Scim.GetAsync(Api, "/Users/" + id, tenant.ScimToken), 200).TryGetProperty("title", out _), Is.False);
    }

    [TestCase("""{"Operations":[]}""", "invalidSyntax")]
    [TestCase("""{"schemas":["urn:wrong"],"Operations":[{"op":"add","path":"title","value":"x"}]}""", "invalidSyntax")]
    [TestCase("""{"Operations":[{"op":"move","path":"title","value":"x"}]}""", "invalidSyntax")]
    [TestCase("""{"Operations":[{"op":"remove"}]}""", "noTarget")]
    [TestCase("""{"Operations":[{"op":"remove","path":"userName"}]}""", "invalidValue")]
    [TestCase("""{"Operations":[{"op":"replace","value":{"id":"usr_0"}}]}""", "mutability")]
    [TestCase("""{"Operations":[{"op":"replace","path":"emails[type eq","value":"x"}]}""", "invalidPath")]
    public async Task Patch_MalformedOperations_Are400(string body, string scimType)
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "badpatch@example.com");
        Scim.ExpectError(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken, body), 400, scimType);
    }

    [Test]
    public async Task Patch_RolesReplaceAndRemove()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "roles@example.com");
        var admin = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            """{"Operations":[{"op":"replace","path":"roles","value":[{"value":"Manager"},{"value":"admin"}]}]}"""), 200);
        Assert.That(admin.GetProperty("roles")[0].GetProperty("value").GetString(), Is.EqualTo("admin"), "most privileged wins without primary");
        var removed = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken, """{"Operations":[{"op":"remove","path":"roles"}]}"""), 200);
        Assert.That(removed.GetProperty("roles")[0].GetProperty("value").GetString(), Is.EqualTo("collaborator"));
    }

    [Test]
    public async Task Paging_IsOneBased_Stable_AndClamped()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        for (var i = 0; i < 5; i++) await Scim.CreateUserAsync(Api, tenant, $"page{i}@example.com");

        var all = Scim.Ids(Scim.ExpectList(await Scim.GetAsync(Api, "/Users", tenant.ScimToken), 6));
        var walked = new List<string>();
        for (var start = 1; start <= 6; start += 4)
            walked.AddRange(Scim.Ids(Scim.ExpectList(await Scim.GetAsync(Api, $"/Users?startIndex={start}&count=4", tenant.ScimToken), 6)));
        Assert.That(walked, Is.EqualTo(all));

        var countOnly = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?count=0", tenant.ScimToken), 6);
        Assert.That(countOnly.GetProperty("Resources").GetArrayLength(), Is.Zero);
        var pastEnd = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?startIndex=50", tenant.ScimToken), 6);
        Assert.That(pastEnd.GetProperty("startIndex").GetInt32(), Is.EqualTo(50));
        Assert.That(pastEnd.GetProperty("itemsPerPage").GetInt32(), Is.Zero);
        var clamped = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?startIndex=-3&count=5000", tenant.ScimToken), 6);
        Assert.That(clamped.GetProperty("startIndex").GetInt32(), Is.EqualTo(1));
        Assert.That(Scim.ExpectList(await Scim.GetAsync(Api, "/Users?count=-1", tenant.ScimToken), 6).GetProperty("itemsPerPage").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Sorting_ByUserNameDescending_FoldsCase()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var b = await Scim.CreateUserAsync(Api, tenant, "b-sort@example.com");
        var a = await Scim.CreateUserAsync(Api, tenant, "A-sort@example.com");
        var c = await Scim.CreateUserAsync(Api, tenant, "c-sort@example.com");

        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("userName ew \"-sort@example.com\"") + "&sortBy=USERNAME&sortOrder=Descending", tenant.ScimToken), 3);

        Assert.That(Scim.Ids(list), Is.EqualTo(new[] { c, b, a }));
    }

    [Test]
    public async Task Search_Post_WorksLikeGet_AndRejectsWrongTypes()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "searched@example.com");
        var list = Scim.ExpectList(await Scim.PostAsync(Api, "/Users/.search", tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName eq \"SEARCHED@example.com\"","startIndex":1,"count":10,"attributes":["userName"]}"""), 1);
        Assert.That(Scim.Ids(list), Is.EqualTo(new[] { id }));
        Assert.That(list.GetProperty("Resources")[0].TryGetProperty("emails", out _), Is.False);
        Scim.ExpectError(await Scim.PostAsync(Api, "/Users/.search", tenant.ScimToken, """{"count":"ten"}"""), 400, "invalidSyntax");
    }

    [Test]
    public async Task Projection_AttributesAndExcludedAttributes()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "proj@example.com", ""","name":{"givenName":"Pro","familyName":"Jection"},"title":"T" """);

        var only = Scim.Expect(await Scim.GetAsync(Api, $"/Users/{id}?attributes=name.givenName", tenant.ScimToken), 200);
        Assert.That(only.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "schemas", "id", "name" }));
        Assert.That(only.GetProperty("name").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "givenName" }));

        var without = Scim.Expect(await Scim.GetAsync(Api, $"/Users/{id}?excludedAttributes=groups,title,id", tenant.ScimToken), 200);
        Assert.That(without.TryGetProperty("groups", out _), Is.False);
        Assert.That(without.TryGetProperty("title", out _), Is.False);
        Assert.That(without.GetProperty("id").GetString(), Is.EqualTo(id), "id cannot be excluded");
    }
}
