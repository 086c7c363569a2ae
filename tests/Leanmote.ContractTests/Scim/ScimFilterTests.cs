using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>scim.md §7: every filter form, translated to SQL and run against the real database.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimFilterTests : ContractTest
{
    private ScimTenant _tenant = null!;
    private string _ada = "", _bob = "", _cid = "", _team = "";

    [OneTimeSetUp]
    public async Task CreateUsers()
    {
        _tenant = await ScimTenant.CreateAsync(Target.Host!);
        _ada = await Scim.CreateUserAsync(Api, _tenant, "Ada@Example.com", """
            ,"externalId":"ABC","displayName":"Ada Lovelace","title":"Engineer","name":{"givenName":"Ada","familyName":"Lovelace"},
            "emails":[{"value":"ada@work.example","type":"work","primary":true},{"value":"ada@home.example","type":"home"}],
            "roles":[{"value":"admin"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","manager":{"value":"usr_7"}}
            """);
        _bob = await Scim.CreateUserAsync(Api, _tenant, "bob_x@example.com", """
            ,"externalId":"abc","displayName":"Bob 100%","emails":[{"value":"bob@home.example","type":"home"}],"active":false
            """);
        _cid = await Scim.CreateUserAsync(Api, _tenant, "cid@example.com", ""","displayName":"Cid" """);
        _team = await Scim.CreateGroupAsync(Api, _tenant, "Filter Team", _bob);
    }

    private async Task<IReadOnlyList<string>> UsersAsync(string filter)
    {
        var response = await Scim.GetAsync(Api, "/Users?count=100&filter=" + Scim.Escape(filter), _tenant.ScimToken);
        var list = Scim.Expect(response, 200);
        return [.. Scim.Ids(list).Where(id => id != _tenant.AdminPublicId)];
    }

    [TestCase("userName eq \"ada@example.com\"", "ada")]
    [TestCase("USERNAME EQ \"ADA@EXAMPLE.COM\"", "ada")]
    [TestCase("externalId eq \"ABC\"", "ada")]
    [TestCase("externalId eq \"abc\"", "bob")]
    [TestCase("externalId eq jyoung", "")]
    [TestCase("emails[type eq \"work\"].value eq \"ADA@work.example\"", "ada")]
    [TestCase("emails[type eq \"work\" and primary eq true]", "ada")]
    [TestCase("emails.value eq \"bob@home.example\"", "bob")]
    [TestCase("emails co \"@home.example\"", "ada,bob")]
    [TestCase("emails[type eq \"home\"]", "ada,bob")]
    [TestCase("displayName sw \"ada\"", "ada")]
    [TestCase("displayName co \"100%\"", "bob")]
    [TestCase("displayName co \"0_\"", "")]
    [TestCase("userName co \"b_x\"", "bob")]
    [TestCase("userName co \"b%x\"", "")]
    [TestCase("userName ew \"@example.com\"", "ada,bob,cid")]
    [TestCase("title pr", "ada")]
    [TestCase("not (title pr)", "bob,cid")]
    [TestCase("title eq null", "bob,cid")]
    [TestCase("title ne \"Engineer\"", "bob,cid")]
    [TestCase("active eq false", "bob")]
    [TestCase("active eq \"true\"", "ada,cid")]
    [TestCase("roles.value eq \"admin\"", "ada")]
    [TestCase("roles eq \"admin\"", "ada")]
    [TestCase("name.familyName eq \"lovelace\"", "ada")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"R&D\"", "ada")]
    [TestCase("department eq \"r&d\"", "ada")]
    [TestCase("manager eq \"usr_7\"", "ada")]
    [TestCase("manager eq \"USR_7\"", "")]
    [TestCase("userName eq \"cid@example.com\" or userName eq \"bob_x@example.com\" and active eq true", "cid")]
    [TestCase("(userName eq \"cid@example.com\" or userName eq \"bob_x@example.com\") and active eq false", "bob")]
    [TestCase("meta.resourceType eq \"User\" and displayName gt \"B\"", "bob,cid")]
    [TestCase("userName eq \"2819c223-7f76-453a-919d-413861904646\"", "")]
    public async Task Filter_MatchesExactlyTheExpectedUsers(string filter, string expected)
    {
        var names = new Dictionary<string, string> { ["ada"] = _ada, ["bob"] = _bob, ["cid"] = _cid };
        var wanted = expected.Length == 0 ? [] : expected.Split(',').Select(n => names[n]).ToArray();
        Assert.That(await UsersAsync(filter), Is.EquivalentTo(wanted), filter);
    }

    [Test]
    public async Task IdFilters_AndGroupMembership()
    {
        Assert.That(await UsersAsync($"id eq \"{_ada}\""), Is.EqualTo(new[] { _ada }));
        Assert.That(await UsersAsync($"id eq \"{_ada}\" and manager eq \"usr_7\""), Is.EqualTo(new[] { _ada }));
        Assert.That(await UsersAsync($"groups eq \"{_team}\""), Is.EqualTo(new[] { _bob }));
        Assert.That(await UsersAsync($"groups.value eq \"{_team}\""), Is.EqualTo(new[] { _bob }));
        var groups = Scim.ExpectList(await Scim.GetAsync(Api, "/Groups?excludedAttributes=members&filter=" + Scim.Escape($"id eq \"{_team}\" and members eq \"{_bob}\""), _tenant.ScimToken), 1);
        Assert.That(Scim.Ids(groups), Is.EqualTo(new[] { _team }));
        Scim.ExpectList(await Scim.GetAsync(Api, "/Groups?filter=" + Scim.Escape($"members eq \"{_ada}\""), _tenant.ScimToken), 0);
        Scim.ExpectList(await Scim.GetAsync(Api, "/Groups?filter=" + Scim.Escape("displayName eq \"FILTER team\""), _tenant.ScimToken), 1);
    }

    [Test]
    public async Task LastModifiedWatermark_GtExcludes_GeIncludes()
    {
        var user = Scim.Expect(await Scim.GetAsync(Api, "/Users/" + _cid, _tenant.ScimToken), 200);
        var stamp = user.GetProperty("meta").GetProperty("lastModified").GetString()!;
        Assert.That(await UsersAsync($"id eq \"{_cid}\" and meta.lastModified gt \"{stamp}\""), Is.Empty);
        Assert.That(await UsersAsync($"id eq \"{_cid}\" and meta.lastModified ge \"{stamp}\""), Is.EqualTo(new[] { _cid }));
        Assert.That(await UsersAsync("active eq true and (meta.lastModified ge \"2020-01-01T00:00:00Z\" and meta.lastModified le \"2999-01-01T00:00:00.0000000Z\")"),
            Is.EquivalentTo(new[] { _ada, _cid }));
    }

    [Test]
    public async Task PlusInTheQueryString_IsASpace()
    {
        var response = await Scim.GetAsync(Api, "/Users?filter=userName+eq+%22cid@example.com%22", _tenant.ScimToken);
        Assert.That(Scim.Ids(Scim.ExpectList(response, 1)), Is.EqualTo(new[] { _cid }));
    }

    [TestCase("userName eq")]
    [TestCase("userName xx \"a\"")]
    [TestCase("(userName eq \"a\"")]
    [TestCase("nosuch eq \"a\"")]
    [TestCase("password eq \"secret\"")]
    [TestCase("active eq \"yes\"")]
    [TestCase("active co \"t\"")]
    [TestCase("meta.created gt \"not-a-date\"")]
    public async Task BadFilters_Are400InvalidFilter(string filter)
    {
        Scim.ExpectError(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape(filter), _tenant.ScimToken), 400, "invalidFilter");
    }

    [Test]
    public async Task EmptyFilter_IsAbsent()
    {
        Scim.Expect(await Scim.GetAsync(Api, "/Users?filter=%20%20", _tenant.ScimToken), 200);
    }
}
