using System.Net.Http.Headers;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>
/// scim.md §12: each identity-provider quirk, sent exactly as the provider sends it. Test names carry the row number.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimQuirksTests : ContractTest
{
    private const string EnterpriseUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static async Task<System.Text.Json.JsonElement> UserAsync(ScimTenant tenant, string id) =>
        Scim.Expect(await Scim.GetAsync(Api, "/Users/" + id, tenant.ScimToken), 200);

    private static async Task<string[]> MembersAsync(ScimTenant tenant, string group) =>
        [.. Scim.Expect(await Scim.GetAsync(Api, "/Groups/" + group, tenant.ScimToken), 200).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()!)];

    [Test]
    public async Task Q01_Entra_CapitalisedOps()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "q1@example.com");
        var user = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"title","value":"A"},{"op":"Replace","path":"nickName","value":"N"},{"op":"Remove","path":"title"}]}"""), 200);
        Assert.That(user.GetProperty("nickName").GetString(), Is.EqualTo("N"));
        Assert.That(user.TryGetProperty("title", out _), Is.False);
    }

    [Test]
    public async Task Q02_EntraWithoutFlag_StringBooleanFalse()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "q2@example.com");
        var user = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}"""), 200);
        Assert.That(user.GetProperty("active").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Q03_Entra_ReplaceWorkEmailThatDoesNotExistYet_CreatesIt()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "q3@example.com");
        var user = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"new@x.com"}]}"""), 200);
        var email = user.GetProperty("emails")[0];
        Assert.That(email.GetProperty("type").GetString(), Is.EqualTo("work"));
        Assert.That(email.GetProperty("value").GetString(), Is.EqualTo("new@x.com"));
        Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("emails[type eq \"work\"].value eq \"new@x.com\""), tenant.ScimToken), 1);
    }

    [Test]
    public async Task Q04_EntraWithFlag_ReplaceWithoutPath_DottedAndUrnKeys()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "q4@example.com");
        var user = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken, $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{
              "name.givenName":"Given","name.familyName":"Family","{{EnterpriseUrn}}:employeeNumber":"701984","{{EnterpriseUrn}}:department":"Sales"} }]}
            """), 200);
        Assert.That(user.GetProperty("name").GetProperty("givenName").GetString(), Is.EqualTo("Given"));
        Assert.That(user.GetProperty(EnterpriseUrn).GetProperty("employeeNumber").GetString(), Is.EqualTo("701984"));
        Assert.That(user.GetProperty("schemas").EnumerateArray().Select(s => s.GetString()), Does.Contain(EnterpriseUrn));
    }

    [Test]
    public async Task Q05_EntraWithoutFlag_RemoveMembersByValueList()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var a = await Scim.CreateUserAsync(Api, tenant, "q5a@example.com");
        var b = await Scim.CreateUserAsync(Api, tenant, "q5b@example.com");
        var group = await Scim.CreateGroupAsync(Api, tenant, "Q5", a, b);
        var response = await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken,
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"{{a}}"}]}]}""");
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(await MembersAsync(tenant, group), Is.EqualTo(new[] { b }));
    }

    [Test]
    public async Task Q06_Entra_AddMembersWithNullRef()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var a = await Scim.CreateUserAsync(Api, tenant, "q6@example.com");
        var group = await Scim.CreateGroupAsync(Api, tenant, "Q6");
        var response = await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken,
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"name":"addMember","op":"Add","path":"members","value":[{"$ref":null,"value":"{{a}}"}]}]}""");
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(await MembersAsync(tenant, group), Is.EqualTo(new[] { a }));
    }

    [TestCase("manager", "\"{0}\"")]
    [TestCase("manager", "{{\"value\":\"{0}\"}}")]
    [TestCase(EnterpriseUrn + ":manager", "[{{\"$ref\":\"../Users/{0}\",\"value\":\"{0}\"}}]")]
    [TestCase(EnterpriseUrn + ":manager", "{{\"value\":\"{0}\"}}")]
    public async Task Q07_Entra_ManagerInEveryForm(string path, string valueFormat)
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "q7@example.com");
        var value = string.Format(System.Globalization.CultureInfo.InvariantCulture, valueFormat, tenant.AdminPublicId);
        var user = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"{{path}}","value":{{value}}}]}"""), 200);
        var manager = user.GetProperty(EnterpriseUrn).GetProperty("manager");
        Assert.That(manager.GetProperty("value").GetString(), Is.EqualTo(tenant.AdminPublicId));
        Assert.That(manager.GetProperty("displayName").GetString(), Is.EqualTo("Tenant Admin"));
        var cleared = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            $$"""{"Operations":[{"op":"Remove","path":"{{path}}"}]}"""), 200);
        Assert.That(cleared.TryGetProperty(EnterpriseUrn, out _), Is.False);
    }

    [Test]
    public async Task Q08_Entra_GroupLookupsWithoutMembers()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var group = await Scim.CreateGroupAsync(Api, tenant, "Q8 Group", tenant.AdminPublicId);
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Groups?excludedAttributes=members&filter=displayName+eq+%22Q8+Group%22", tenant.ScimToken), 1);
        Assert.That(list.GetProperty("Resources")[0].TryGetProperty("members", out _), Is.False);
        var single = Scim.Expect(await Scim.GetAsync(Api, $"/Groups/{group}?excludedAttributes=members", tenant.ScimToken), 200);
        Assert.That(single.TryGetProperty("members", out _), Is.False);
        Assert.That(single.GetProperty("displayName").GetString(), Is.EqualTo("Q8 Group"));
    }

    [Test]
    public async Task Q09_Entra_TestConnectionWithRandomGuid_IsAnEmptyList()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=userName+eq+%221a2b3c4d-5e6f-7a8b-9c0d-ef1234567890%22", tenant.ScimToken), 0);
        Assert.That(list.GetProperty("Resources").GetArrayLength(), Is.Zero);
        Assert.That(list.GetProperty("startIndex").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Q10_Entra_ReferenceFilters()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "q10@example.com",
            $$""","emails":[{"value":"q10@work.example","type":"work"}],"{{EnterpriseUrn}}":{"manager":{"value":"{{tenant.AdminPublicId}}"} }""");
        var group = await Scim.CreateGroupAsync(Api, tenant, "Q10", id);
        Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape($"id eq \"{id}\" and manager eq \"{tenant.AdminPublicId}\""), tenant.ScimToken), 1);
        Scim.ExpectList(await Scim.GetAsync(Api, "/Groups?filter=" + Scim.Escape($"id eq \"{group}\" and members eq \"{id}\""), tenant.ScimToken), 1);
        Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("emails[type eq \"work\"].value eq \"q10@work.example\""), tenant.ScimToken), 1);
    }

    [Test]
    public async Task Q11_Entra_EmptyRolesReadOnlyMetaAndNulls()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var user = Scim.Expect(await Scim.PostAsync(Api, "/Users", tenant.ScimToken, """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"q11","userName":"q11@example.com","active":true,"addresses":null,"displayName":null,"roles":[],
             "meta":{"resourceType":"User"},"name":{"formatted":"Q Eleven","familyName":"Eleven","givenName":"Q"},"title":null}
            """), 201);
        Assert.That(user.GetProperty("roles")[0].GetProperty("value").GetString(), Is.EqualTo("collaborator"));
        Assert.That(user.TryGetProperty("addresses", out _) || user.TryGetProperty("title", out _) || user.TryGetProperty("displayName", out _), Is.False);
    }

    [Test]
    public async Task Q12_Entra_UnknownAndTypoedSchemaUris()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        Scim.Expect(await Scim.PostAsync(Api, "/Groups", tenant.ScimToken, """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
             "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Group1DisplayName","members":[]}
            """), 201);
        Scim.Expect(await Scim.PostAsync(Api, "/Users", tenant.ScimToken, """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
             "userName":"q12@example.com","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Ops"}}
            """), 201);
    }

    [Test]
    public async Task Q13_BarewordFilterValues()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "Ojyoung@example.com", ""","externalId":"jyoung" """);
        Assert.That(Scim.Ids(Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("externalId eq jyoung"), tenant.ScimToken), 1)), Is.EqualTo(new[] { id }));
        Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("userName sw O"), tenant.ScimToken), 1);
        Scim.Expect(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("meta.created gt 2015-10-10T14:38:21.8617979-07:00"), tenant.ScimToken), 200);
    }

    [Test]
    public async Task Q14_MicrosoftReferenceTests_CapitalisedNamesAndStringTrue()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var user = Scim.Expect(await Scim.PostAsync(Api, "/Users", tenant.ScimToken, $$"""
            {"UserName":"UserName123","Active":"True","DisplayName":"BobIsAmazing","schemas":["urn:ietf:params:scim:schemas:core:2.0:User","{{EnterpriseUrn}}"],
             "externalId":"q14","Emails":[{"Primary":true,"type":"work","Value":"Test@Contoso.com"}],
             "{{EnterpriseUrn}}":{"Department":"Sales","Manager":{"Value":"{{tenant.AdminPublicId}}"} } }
            """), 201);
        Assert.That(user.GetProperty("active").GetBoolean(), Is.True);
        Assert.That(user.GetProperty("emails")[0].GetProperty("primary").GetBoolean(), Is.True);
        Assert.That(user.GetProperty(EnterpriseUrn).GetProperty("department").GetString(), Is.EqualTo("Sales"));
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Users/?filter=DisplayName+eq+%22BobIsAmazing%22", tenant.ScimToken), 1);
        Assert.That(list.GetProperty("Resources")[0].GetProperty("userName").GetString(), Is.EqualTo("UserName123"));
        var misspelled = await Scim.PutAsync(Api, "/Users/" + user.GetProperty("id").GetString(), tenant.ScimToken,
            """{"UserName":"UserName123","Active":"True","DisplayNameMisspelled":"x"}""");
        Scim.Expect(misspelled, 200);
    }

    [Test]
    public async Task Q15_Entra_FlagInTheUrlAndLowerCaseStartIndex()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        await Scim.CreateUserAsync(Api, tenant, "q15@example.com");
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?aadOptscim062020&startindex=2&count=1", tenant.ScimToken), 2);
        Assert.That(list.GetProperty("startIndex").GetInt32(), Is.EqualTo(2));
        Assert.That(list.GetProperty("itemsPerPage").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Q16_Entra_DeactivatedUserIsStillFoundByFilterAndGet()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "q16@example.com", ""","externalId":"q16","active":false""");
        Assert.That(Scim.Ids(Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=externalId+eq+%22q16%22", tenant.ScimToken), 1)), Is.EqualTo(new[] { id }));
        Assert.That((await UserAsync(tenant, id)).GetProperty("active").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Q17_Okta_DeactivateWithReplaceWithoutPath()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "q17@example.com");
        var user = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"""), 200);
        Assert.That(user.GetProperty("active").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Q18_Okta_GroupRenameCarryingTheSameId()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var group = await Scim.CreateGroupAsync(Api, tenant, "Before");
        var response = await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken,
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"{{group}}","displayName":"After"} }]}""");
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(Scim.Expect(await Scim.GetAsync(Api, "/Groups/" + group, tenant.ScimToken), 200).GetProperty("displayName").GetString(), Is.EqualTo("After"));
    }

    [Test]
    public async Task Q19_Okta_RemoveThenAddInOnePatch()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var a = await Scim.CreateUserAsync(Api, tenant, "q19a@example.com");
        var b = await Scim.CreateUserAsync(Api, tenant, "q19b@example.com");
        var group = await Scim.CreateGroupAsync(Api, tenant, "Q19", a);
        var response = await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken, $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"remove","path":"members[value eq \"{{a}}\"]"},
                           {"op":"add","path":"members","value":[{"value":"{{b}}","display":"q19b@example.com"}]}]}
            """);
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(await MembersAsync(tenant, group), Is.EqualTo(new[] { b }));
        var gone = await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken, $$"""{"Operations":[{"op":"remove","path":"members[value eq \"{{a}}\"]"}]}""");
        Assert.That(gone.StatusCode, Is.EqualTo(204), "removing a member who already left is a no-op success");
    }

    [Test]
    public async Task Q20_Okta_ReplaceMembersFullPush()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var a = await Scim.CreateUserAsync(Api, tenant, "q20a@example.com");
        var b = await Scim.CreateUserAsync(Api, tenant, "q20b@example.com");
        var group = await Scim.CreateGroupAsync(Api, tenant, "Q20", a, tenant.AdminPublicId);
        var response = await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken, $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"members","value":[{"value":"{{b}}"},{"value":"{{a}}"}]}]}
            """);
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(await MembersAsync(tenant, group), Is.EquivalentTo(new[] { a, b }));
    }

    [Test]
    public async Task Q21_Okta_PasswordAndEmptyGroupsOnCreate_FullPutWithIdMetaGroups()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var created = Scim.Expect(await Scim.PostAsync(Api, "/Users", tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"q21@example.com","password":"t1meMa$heen","groups":[],"active":true}"""), 201);
        var id = created.GetProperty("id").GetString()!;
        var put = await Scim.PutAsync(Api, "/Users/" + id, tenant.ScimToken, $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"{{id}}","userName":"q21@example.com","name":{"givenName":"Q","familyName":"TwentyOne"},
             "active":true,"groups":[],"password":"another","meta":{"resourceType":"User","created":"2020-01-01T00:00:00.000Z","version":"W/\"1\""} }
            """);
        var user = Scim.Expect(put, 200);
        Assert.That(user.GetProperty("name").GetProperty("familyName").GetString(), Is.EqualTo("TwentyOne"));
        Assert.That(user.TryGetProperty("password", out _), Is.False);
    }

    [Test]
    public async Task Q22_Okta_MediaTypes()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var response = await Scim.SendAsync(Api, HttpMethod.Post, "/Users", tenant.ScimToken, Scim.UserBody("q22@example.com"),
            "application/scim+json; charset=utf-8", r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/scim+json")));
        Scim.Expect(response, 201);
    }

    [Test]
    public async Task Q23_Okta_LookupByUserNameInOtherCase()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "Isaac.Brock@example.com");
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=userName%20eq%20%22isaac.brock%40EXAMPLE.com%22&startIndex=1&count=100", tenant.ScimToken), 1);
        Assert.That(Scim.Ids(list), Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task Q24_Okta_DuplicateCreateIs409WithBody_IntegersAreNumbers()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        await Scim.CreateUserAsync(Api, tenant, "q24@example.com");
        Scim.ExpectError(await Scim.PostAsync(Api, "/Users", tenant.ScimToken, Scim.UserBody("q24@example.com")), 409, "uniqueness");
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Users?count=1", tenant.ScimToken), 2);
        Assert.That(list.GetProperty("startIndex").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Number));
        Assert.That(list.GetProperty("itemsPerPage").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Number));
    }

    [Test]
    public async Task Q25_JumpCloud_TestConnectionCreatesAndDeletes_StringIds_TrailingSlashBase()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var user = Scim.Expect(await Scim.PostAsync(Api, "/Users/", tenant.ScimToken, Scim.UserBody("jctest@example.com")), 201);
        Assert.That(user.GetProperty("id").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.String));
        var group = Scim.Expect(await Scim.PostAsync(Api, "/Groups/", tenant.ScimToken, """{"displayName":"JC Test Group"}"""), 201);
        var matched = Scim.ExpectList(await Scim.GetAsync(Api, "/Groups/?filter=displayName+eq+%22jc+test+group%22", tenant.ScimToken), 1);
        Assert.That(Scim.Ids(matched), Is.EqualTo(new[] { group.GetProperty("id").GetString() }), "existing groups are matched by name");
        Assert.That((await Scim.DeleteAsync(Api, "/Users/" + user.GetProperty("id").GetString() + "/", tenant.ScimToken)).StatusCode, Is.EqualTo(204));
        Assert.That((await Scim.DeleteAsync(Api, "/Groups/" + group.GetProperty("id").GetString(), tenant.ScimToken)).StatusCode, Is.EqualTo(204));
    }

    [Test]
    public async Task Q26_JumpCloud_RemoveMembersByValueListWithoutFilter()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var a = await Scim.CreateUserAsync(Api, tenant, "q26a@example.com");
        var b = await Scim.CreateUserAsync(Api, tenant, "q26b@example.com");
        var group = await Scim.CreateGroupAsync(Api, tenant, "Q26", a, b, tenant.AdminPublicId);
        var response = await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken,
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members","value":[{"value":"{{a}}"},{"value":"{{b}}"}]}]}""");
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(await MembersAsync(tenant, group), Is.EqualTo(new[] { tenant.AdminPublicId }));
    }

    [Test]
    public async Task Q27_LowerCaseOperationsAndPlainIdMembers()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var a = await Scim.CreateUserAsync(Api, tenant, "q27a@example.com");
        var b = await Scim.CreateUserAsync(Api, tenant, "q27b@example.com");
        var group = await Scim.CreateGroupAsync(Api, tenant, "Q27");
        var response = await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken,
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"operations":[{"op":"add","path":"members","value":["{{a}}"]},{"op":"add","path":"members","value":"{{b}}"}]}""");
        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(await MembersAsync(tenant, group), Is.EquivalentTo(new[] { a, b }));
    }
}
