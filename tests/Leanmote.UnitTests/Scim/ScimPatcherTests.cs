using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Patching;
using Leanmote.Application.Scim.Schema;
using NUnit.Framework;

namespace Leanmote.UnitTests.Scim;

[TestFixture]
public sealed class ScimPatcherTests
{
    private const string Ent = ScimSchemas.EnterpriseUserUrn;

    private static JsonObject User() => JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
         "id":"usr_5","externalId":"00u1abcd","userName":"ada@example.com","active":true,
         "name":{"givenName":"Ada","familyName":"Lovelace"},
         "displayName":"Ada Lovelace",
         "emails":[{"value":"ada@example.com","type":"work","primary":true}],
         "roles":[{"value":"collaborator","display":"Collaborator","primary":true}],
         "groups":[{"value":"team_1","display":"Core","type":"direct"}],
         "meta":{"resourceType":"User","created":"2026-02-01T08:00:00.123Z","lastModified":"2026-02-01T08:00:00.123Z","version":"W/\"3\""}}
        """)!.AsObject();

    private static JsonObject Group() => JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
         "id":"team_1","displayName":"Core","members":[{"value":"usr_1"},{"value":"usr_2"}],
         "meta":{"resourceType":"Group","created":"2026-02-01T08:00:00.123Z","lastModified":"2026-02-01T08:00:00.123Z","version":"W/\"7\""}}
        """)!.AsObject();

    private static ScimPatchOutcome Ok(JsonObject resource, string body, ScimResourceSchema? schema = null)
    {
        var result = ScimPatcher.Apply(resource, JsonNode.Parse(body), schema ?? ScimSchemas.User);
        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ScimType + ": " + result.Error?.Detail);
        return result.Value;
    }

    private static ScimError Fails(JsonObject resource, string body, string scimType, ScimResourceSchema? schema = null)
    {
        var before = resource.ToJsonString();
        var result = ScimPatcher.Apply(resource, JsonNode.Parse(body), schema ?? ScimSchemas.User);
        Assert.That(result.IsSuccess, Is.False, () => "unexpected success: " + result.Value.Resource.ToJsonString());
        Assert.That(result.Error!.ScimType, Is.EqualTo(scimType), result.Error.Detail);
        Assert.That(resource.ToJsonString(), Is.EqualTo(before), "the input resource must be untouched");
        return result.Error;
    }

    private static string Ops(params string[] operations) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{string.Join(",", operations)}}]}""";

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static string Members(JsonObject group) =>
        string.Join(",", (group["members"] as JsonArray ?? []).Select(m => (string)m!["value"]!));

    // ---- request structure (§9.1) ----

    [TestCase("add")]
    [TestCase("Add")]
    [TestCase("ADD")]
    [TestCase("replace")]
    [TestCase("Replace")]
    [TestCase("REPLACE")]
    public void Apply_OpInAnyCase_IsAccepted(string op)
    {
        var outcome = Ok(User(), Ops($$"""{"op":"{{op}}","path":"title","value":"Countess"}"""));
        Assert.That((string?)outcome.Resource["title"], Is.EqualTo("Countess"));
    }

    [TestCase("remove")]
    [TestCase("Remove")]
    [TestCase("REMOVE")]
    public void Apply_RemoveInAnyCase_IsAccepted(string op) =>
        Assert.That(Ok(User(), Ops($$"""{"op":"{{op}}","path":"displayName"}""")).Resource.ContainsKey("displayName"), Is.False);

    [TestCase("Operations")]
    [TestCase("operations")]
    [TestCase("OPERATIONS")]
    public void Apply_OperationsMemberInAnyCase_IsAccepted(string name) =>
        Assert.That((string?)Ok(User(), $$"""{"{{name}}":[{"op":"replace","path":"title","value":"x"}]}""").Resource["title"], Is.EqualTo("x"));

    [Test]
    public void Apply_ExtraMembers_AreIgnored() =>
        Ok(Group(), """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"id":"team_1","Operations":[{"name":"addMember","op":"add","path":"members","value":[{"value":"usr_3"}]}]}""", ScimSchemas.Group);

    [TestCase("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""", "needs an 'Operations'")]
    [TestCase("""{"Operations":{"op":"add"}}""", "must be an array")]
    [TestCase("""{"Operations":[]}""", "is empty")]
    [TestCase("""{"Operations":["add"]}""", "must be a JSON object")]
    [TestCase("""{"Operations":[{"path":"title","value":"x"}]}""", "has no 'op'")]
    [TestCase("""{"Operations":[{"op":"delete","path":"title"}]}""", "expected add, replace or remove")]
    [TestCase("""{"Operations":[{"op":5,"path":"title"}]}""", "'op' must be the string")]
    [TestCase("""{"Operations":[{"op":"add","path":"title"}]}""", "has no 'value'")]
    [TestCase("""{"Operations":[{"op":"replace","path":"title"}]}""", "has no 'value'")]
    [TestCase("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Operations":[{"op":"add","path":"title","value":"x"}]}""", "PatchOp")]
    [TestCase("""{"Operations":[{"op":"add","path":"title","value":"x"}],"operations":[]}""", "given twice")]
    public void Apply_MalformedBody_IsInvalidSyntax(string body, string detail) =>
        Assert.That(Fails(User(), body, "invalidSyntax").Detail, Does.Contain(detail));

    [TestCase("[]")]
    [TestCase("\"x\"")]
    [TestCase("null")]
    public void Apply_BodyNotAnObject_IsInvalidSyntax(string body) => Fails(User(), body, "invalidSyntax");

    [Test]
    public void Apply_SchemasOmitted_IsAccepted() =>
        Assert.That((string?)Ok(User(), """{"Operations":[{"op":"replace","path":"title","value":"x"}]}""").Resource["title"], Is.EqualTo("x"));

    [Test]
    public void Apply_1000Operations_AreAccepted() =>
        Assert.That(Ok(User(), Ops(Enumerable.Range(0, 1000).Select(i => $$"""{"op":"replace","path":"title","value":"t{{i}}"}""").ToArray())).Resource["title"]!.GetValue<string>(), Is.EqualTo("t999"));

    [Test]
    public void Apply_1001Operations_IsInvalidValue() =>
        Assert.That(Fails(User(), Ops(Enumerable.Range(0, 1001).Select(_ => """{"op":"replace","path":"title","value":"t"}""").ToArray()), "invalidValue").Detail, Does.Contain("1000"));

    // ---- no-op detection and atomicity ----

    [Test]
    public void Apply_SettingTheCurrentValue_IsNotAChange()
    {
        var outcome = Ok(User(), Ops("""{"op":"replace","path":"active","value":true}""", """{"op":"replace","path":"userName","value":"ada@example.com"}"""));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Changed, Is.False);
            Assert.That(outcome.ChangedAttributes, Is.Empty);
        });
    }

    [Test]
    public void Apply_AChange_ReportsTheChangedAttributes()
    {
        var outcome = Ok(User(), Ops("""{"op":"replace","path":"active","value":false}""", """{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"}"""));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Changed, Is.True);
            Assert.That(outcome.ChangedAttributes, Is.EquivalentTo(new[] { "active", "department" }));
        });
    }

    [Test]
    public void Apply_FailingLaterOperation_LeavesTheInputUntouchedAndReturnsThatError()
    {
        var user = User();
        var error = Fails(user, Ops("""{"op":"replace","path":"displayName","value":"Changed"}""", """{"op":"replace","path":"shoeSize","value":"42"}"""), "invalidPath");
        Assert.Multiple(() =>
        {
            Assert.That(error.Detail, Does.StartWith("Operation 2 (replace shoeSize)"));
            Assert.That((string?)user["displayName"], Is.EqualTo("Ada Lovelace"));
        });
    }

    [Test]
    public void Apply_Success_DoesNotModifyTheInput()
    {
        var user = User();
        var before = user.ToJsonString();
        var outcome = Ok(user, Ops("""{"op":"replace","path":"displayName","value":"Changed"}"""));
        Assert.That(user.ToJsonString(), Is.EqualTo(before));
        Assert.That(outcome.Resource, Is.Not.SameAs(user));
    }

    // ---- simple attributes ----

    [TestCase("\"False\"", false)]
    [TestCase("\"false\"", false)]
    [TestCase("\"FALSE\"", false)]
    [TestCase("false", false)]
    [TestCase("\"True\"", true)]
    [TestCase("true", true)]
    public void Apply_ActiveValueForms_AreBooleans(string value, bool expected) =>
        Assert.That(Json(Ok(User(), Ops($$"""{"op":"Replace","path":"active","value":{{value}}}""")).Resource["active"]), Is.EqualTo(expected ? "true" : "false"));

    [TestCase("\"yes\"")]
    [TestCase("1")]
    [TestCase("null")]
    [TestCase("{}")]
    public void Apply_BadActive_IsInvalidValue(string value) => Fails(User(), Ops($$"""{"op":"replace","path":"active","value":{{value}}}"""), "invalidValue");

    [Test]
    public void Apply_RemoveActive_IsInvalidValue() => Fails(User(), Ops("""{"op":"remove","path":"active"}"""), "invalidValue");

    [TestCase("""{"op":"remove","path":"userName"}""")]
    [TestCase("""{"op":"replace","path":"userName","value":null}""")]
    [TestCase("""{"op":"replace","path":"userName","value":""}""")]
    [TestCase("""{"op":"replace","path":"userName","value":"   "}""")]
    [TestCase("""{"op":"replace","path":"userName","value":42}""")]
    [TestCase("""{"op":"replace","value":{"userName":null}}""")]
    public void Apply_ClearingOrBreakingUserName_IsInvalidValue(string operation) => Fails(User(), Ops(operation), "invalidValue");

    [Test]
    public void Apply_UserNameOverLimit_IsInvalidValue() =>
        Assert.That(Fails(User(), Ops($$"""{"op":"replace","path":"userName","value":"{{new string('a', 257)}}"}"""), "invalidValue").Detail, Does.Contain("256"));

    [Test]
    public void Apply_OtherStringOverLimit_IsInvalidValue() =>
        Assert.That(Fails(User(), Ops($$"""{"op":"replace","path":"title","value":"{{new string('a', 1025)}}"}"""), "invalidValue").Detail, Does.Contain("1024"));

    [TestCase("null")]
    [TestCase("\"\"")]
    public void Apply_ReplaceWithNullOrEmpty_ClearsOptionalAttribute(string value) =>
        Assert.That(Ok(User(), Ops($$"""{"op":"replace","path":"displayName","value":{{value}}}""")).Resource.ContainsKey("displayName"), Is.False);

    [Test]
    public void Apply_PathNamesAreCaseInsensitiveAndOutputIsCanonical()
    {
        var outcome = Ok(User(), Ops("""{"op":"replace","path":"DISPLAYNAME","value":"X"}""", """{"op":"add","path":"NickName","value":"Countess"}"""));
        Assert.That(Json(outcome.Resource["displayName"]) + Json(outcome.Resource["nickName"]), Is.EqualTo("\"X\"\"Countess\""));
    }

    [Test]
    public void Apply_UrnQualifiedCorePath_IsAccepted() =>
        Assert.That((string?)Ok(User(), Ops("""{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:userName","value":"b@x.io"}""")).Resource["userName"], Is.EqualTo("b@x.io"));

    [Test]
    public void Apply_Password_IsAcceptedAndDiscarded()
    {
        var outcome = Ok(User(), Ops("""{"op":"replace","path":"password","value":"s3cret"}""", """{"op":"add","value":{"password":"x"}}"""));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Changed, Is.False);
            Assert.That(outcome.Resource.ContainsKey("password"), Is.False);
        });
    }

    // ---- complex single-valued ----

    [Test]
    public void Apply_ReplaceName_MergesSubAttributes() =>
        Assert.That(Json(Ok(User(), Ops("""{"op":"replace","path":"name","value":{"GivenName":"Augusta"}}""")).Resource["name"]),
            Is.EqualTo("""{"givenName":"Augusta","familyName":"Lovelace"}"""));

    [Test]
    public void Apply_SubAttributePath_SetsAndRemoves()
    {
        var outcome = Ok(User(), Ops("""{"op":"replace","path":"name.familyName","value":"King"}""", """{"op":"remove","path":"name.givenName"}""", """{"op":"add","path":"name.honorificPrefix","value":"Countess"}"""));
        Assert.That(Json(outcome.Resource["name"]), Is.EqualTo("""{"familyName":"King","honorificPrefix":"Countess"}"""));
    }

    [Test]
    public void Apply_RemoveLastSubAttribute_RemovesTheComplexAttribute() =>
        Assert.That(Ok(User(), Ops("""{"op":"remove","path":"name.givenName"}""", """{"op":"remove","path":"name.familyName"}""")).Resource.ContainsKey("name"), Is.False);

    [Test]
    public void Apply_UnknownSubAttribute_IsInvalidPath() =>
        Assert.That(Fails(User(), Ops("""{"op":"replace","path":"name.nickname","value":"x"}"""), "invalidPath").Detail, Does.Contain("name.nickname"));

    // ---- enterprise extension, manager (§9.2, §9.7, §12 #7) ----

    [TestCase("manager", "\"usr_7\"")]
    [TestCase("manager", """{"value":"usr_7"}""")]
    [TestCase("manager", """{"Value":"usr_7"}""")]
    [TestCase("manager", """[{"$ref":"https://example.com/scim/v2/Users/usr_7","value":"usr_7"}]""")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "\"usr_7\"")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", """{"value":"usr_7"}""")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", """[{"$ref":null,"value":"usr_7"}]""")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager", "\"usr_7\"")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "\"usr_7\"")]
    [TestCase("MANAGER.VALUE", "\"usr_7\"")]
    public void Apply_ManagerForms_StoreTheValue(string path, string value)
    {
        foreach (var op in new[] { "Add", "Replace" })
        {
            var outcome = Ok(User(), Ops($$"""{"op":"{{op}}","path":"{{path}}","value":{{value}}}"""));
            Assert.That(Json(outcome.Resource[Ent]), Is.EqualTo("""{"manager":{"value":"usr_7"}}"""), op);
            Assert.That(outcome.Resource["schemas"]!.AsArray().Select(s => (string)s!), Does.Contain(Ent));
        }
    }

    [TestCase("""{"op":"remove","path":"manager"}""")]
    [TestCase("""{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":[{"value":"usr_7"}]}""")]
    [TestCase("""{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"usr_99"}""")]
    [TestCase("""{"op":"replace","path":"manager","value":null}""")]
    [TestCase("""{"op":"replace","path":"manager","value":[]}""")]
    public void Apply_RemoveManager_ClearsIt(string operation)
    {
        var user = User();
        user[Ent] = new JsonObject { ["manager"] = new JsonObject { ["value"] = "usr_7" } };
        user["schemas"]!.AsArray().Add(Ent);
        var outcome = Ok(user, Ops(operation));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Resource.ContainsKey(Ent), Is.False);
            Assert.That(outcome.Resource["schemas"]!.AsArray().Select(s => (string)s!), Does.Not.Contain(Ent));
            Assert.That(outcome.ChangedAttributes, Is.EqualTo(new[] { "manager" }));
        });
    }

    [Test]
    public void Apply_ManagerDisplayNameAndRef_AreReadOnlyAndIgnored() =>
        Assert.That(Json(Ok(User(), Ops("""{"op":"add","path":"manager","value":{"value":"usr_7","displayName":"Bob","$ref":"x"}}""")).Resource[Ent]),
            Is.EqualTo("""{"manager":{"value":"usr_7"}}"""));

    [TestCase("department")]
    [TestCase("Department")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:DEPARTMENT")]
    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department")]
    public void Apply_EnterprisePathForms_AreAccepted(string path) =>
        Assert.That(Json(Ok(User(), Ops($$"""{"op":"add","path":"{{path}}","value":"R&D"}""")).Resource[Ent]), Is.EqualTo("""{"department":"R\u0026D"}"""));

    [Test]
    public void Apply_WholeExtensionPath_TakesAnObject()
    {
        var outcome = Ok(User(), Ops("""{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"Department":"R&D","employeeNumber":"42","manager":{"value":"usr_7"}}}"""));
        Assert.That(Json(outcome.Resource[Ent]), Is.EqualTo("""{"department":"R\u0026D","employeeNumber":"42","manager":{"value":"usr_7"}}"""));
    }

    [Test]
    public void Apply_RemoveWholeExtension_ClearsAllItsAttributes()
    {
        var user = User();
        user[Ent] = new JsonObject { ["department"] = "R&D", ["costCenter"] = "4" };
        Assert.That(Ok(user, Ops("""{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}""")).Resource.ContainsKey(Ent), Is.False);
    }

    [Test]
    public void Apply_UnknownExtensionAttribute_IsInvalidPath() =>
        Fails(User(), Ops("""{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"shoeSize":"42"}}"""), "invalidPath");

    // ---- operations without path (§9.3, §12 #4, #17, #18) ----

    [Test]
    public void Apply_OktaDeactivate_WithoutPath()
    {
        var outcome = Ok(User(), Ops("""{"op":"replace","value":{"active":false}}"""));
        Assert.That(Json(outcome.Resource["active"]), Is.EqualTo("false"));
        Assert.That(outcome.ChangedAttributes, Is.EqualTo(new[] { "active" }));
    }

    [Test]
    public void Apply_EntraFlagReplaceWithoutPath_DottedAndUrnQualifiedKeys()
    {
        var outcome = Ok(User(), """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{
              "displayName":"Augusta King","name.givenName":"Augusta","name.familyName":"King",
              "emails[type eq \"work\"].value":"augusta@work.io",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"42",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":"usr_7",
              "active":"True"}}]}
            """);
        Assert.Multiple(() =>
        {
            Assert.That((string?)outcome.Resource["displayName"], Is.EqualTo("Augusta King"));
            Assert.That(Json(outcome.Resource["name"]), Is.EqualTo("""{"givenName":"Augusta","familyName":"King"}"""));
            Assert.That(Json(outcome.Resource[Ent]), Is.EqualTo("""{"employeeNumber":"42","manager":{"value":"usr_7"}}"""));
            Assert.That(Json(outcome.Resource["active"]), Is.EqualTo("true"));
            Assert.That(Json(outcome.Resource["emails"]), Is.EqualTo("""[{"value":"augusta@work.io","type":"work","primary":true}]"""));
        });
    }

    [Test]
    public void Apply_WithoutPath_ValuePathKeyCreatesMissingElement()
    {
        var user = User();
        user.Remove("emails");
        Assert.That(Json(Ok(user, Ops("""{"op":"add","value":{"emails[type eq \"work\"].value":"w@x.io"}}""")).Resource["emails"]), Is.EqualTo("""[{"type":"work","value":"w@x.io"}]"""));
    }

    [Test]
    public void Apply_WithoutPath_ExtensionUrnWithObjectValue() =>
        Assert.That(Json(Ok(User(), Ops("""{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Ops"}}}""")).Resource[Ent]),
            Is.EqualTo("""{"department":"Ops"}"""));

    [Test]
    public void Apply_OktaGroupRenameWithSameId_IsAccepted()
    {
        var outcome = Ok(Group(), Ops("""{"op":"replace","value":{"id":"team_1","displayName":"Platform"}}"""), ScimSchemas.Group);
        Assert.That((string?)outcome.Resource["displayName"], Is.EqualTo("Platform"));
        Assert.That(outcome.ChangedAttributes, Is.EqualTo(new[] { "displayName" }));
    }

    [TestCase("""{"op":"replace","value":{"id":"team_2","displayName":"Platform"}}""")]
    [TestCase("""{"op":"replace","path":"id","value":"team_2"}""")]
    [TestCase("""{"op":"remove","path":"id"}""")]
    [TestCase("""{"op":"replace","value":{"meta":{"resourceType":"Group"}}}""")]
    [TestCase("""{"op":"replace","path":"meta.lastModified","value":"2026-01-01T00:00:00Z"}""")]
    public void Apply_ChangingReadOnlyAttributes_IsMutability(string operation) => Fails(Group(), Ops(operation), "mutability", ScimSchemas.Group);

    [Test]
    public void Apply_WithoutPath_SchemasMemberIsIgnored() =>
        Ok(User(), Ops("""{"op":"replace","value":{"schemas":["x"],"title":"t"}}"""));

    [Test]
    public void Apply_GroupsSameValue_IsIgnoredButDifferentIsMutability()
    {
        Assert.That(Ok(User(), Ops("""{"op":"replace","value":{"groups":[{"value":"team_1","display":"Core","type":"direct"}]}}""")).Changed, Is.False);
        Fails(User(), Ops("""{"op":"add","path":"groups","value":[{"value":"team_9"}]}"""), "mutability");
    }

    [Test]
    public void Apply_RemoveWithoutPath_IsNoTarget() =>
        Fails(User(), Ops("""{"op":"remove","value":{"title":"x"}}"""), "noTarget");

    [Test]
    public void Apply_WithoutPathNonObjectValue_IsInvalidValue() =>
        Fails(User(), Ops("""{"op":"replace","value":"x"}"""), "invalidValue");

    [Test]
    public void Apply_WithoutPathUnknownKey_IsInvalidPath() =>
        Fails(User(), Ops("""{"op":"replace","value":{"shoeSize":"42"}}"""), "invalidPath");

    [Test]
    public void Apply_AddWithoutPath_MergesMultiValued_ReplaceWithoutPath_ReplacesThem()
    {
        var added = Ok(User(), Ops("""{"op":"add","value":{"emails":[{"value":"a@home.io","type":"home"}]}}"""));
        var replaced = Ok(User(), Ops("""{"op":"replace","value":{"emails":[{"value":"a@home.io","type":"home"}]}}"""));
        Assert.That(added.Resource["emails"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(Json(replaced.Resource["emails"]), Is.EqualTo("""[{"value":"a@home.io","type":"home"}]"""));
    }

    // ---- paths ----

    [TestCase("shoeSize")]
    [TestCase("emails[type eq \\\"work\\\"")]
    [TestCase("emails[shoe eq \\\"x\\\"]")]
    [TestCase("emails[type eq \\\"work\\\"].shoe")]
    [TestCase("emails[type eq \\\"work\\\"]value")]
    [TestCase("userName[value eq \\\"x\\\"]")]
    [TestCase("name[givenName eq \\\"x\\\"]")]
    [TestCase("emails[type zz \\\"work\\\"]")]
    [TestCase("user name")]
    [TestCase("name.givenName.x")]
    [TestCase("urn:ietf:params:scim:schemas:core:2.0:User")]
    [TestCase("urn:example:unknown:attr")]
    public void Apply_BadPath_IsInvalidPath(string path) =>
        Fails(User(), Ops($$"""{"op":"replace","path":"{{path}}","value":"x"}"""), "invalidPath");

    [Test]
    public void Apply_BadFilterInPath_ExplainsPosition() =>
        Assert.That(Fails(User(), Ops("""{"op":"replace","path":"emails[type eq]","value":"x"}"""), "invalidPath").Detail,
            Does.Contain("Path parse error at position 15: expected a comparison value after 'eq'"));

    // ---- multi-valued: emails (§9.4, §9.5, §12 #3) ----

    [TestCase("Replace")]
    [TestCase("Add")]
    public void Apply_EntraWorkEmailWhenNoneExists_CreatesTheElement(string op)
    {
        var user = User();
        user["emails"] = new JsonArray(new JsonObject { ["value"] = "a@home.io", ["type"] = "home" });
        var outcome = Ok(user, Ops($$"""{"op":"{{op}}","path":"emails[type eq \"work\"].value","value":"new@x.com"}"""));
        Assert.That(Json(outcome.Resource["emails"]), Is.EqualTo("""[{"value":"a@home.io","type":"home"},{"type":"work","value":"new@x.com"}]"""));
    }

    [Test]
    public void Apply_EqualityConjunctionWithPrimary_CreatesElementFromEqualities()
    {
        var user = User();
        user.Remove("emails");
        var outcome = Ok(user, Ops("""{"op":"replace","path":"emails[type eq \"work\" and primary eq true].value","value":"w@x.com"}"""));
        Assert.That(Json(outcome.Resource["emails"]), Is.EqualTo("""[{"type":"work","primary":true,"value":"w@x.com"}]"""));
    }

    [Test]
    public void Apply_NoMatchWithoutSubAttribute_CreatesFromEqualitiesAndValue()
    {
        var user = User();
        user.Remove("emails");
        Assert.That(Json(Ok(user, Ops("""{"op":"add","path":"emails[type eq \"home\"]","value":{"value":"h@x.com"}}""")).Resource["emails"]),
            Is.EqualTo("""[{"type":"home","value":"h@x.com"}]"""));
    }

    [TestCase("emails[type ne \\\"work\\\"].value")]
    [TestCase("emails[type eq \\\"home\\\" or type eq \\\"other\\\"].value")]
    [TestCase("emails[value co \\\"@\\\"].value")]
    [TestCase("emails[not (type eq \\\"work\\\")].value")]
    public void Apply_NoMatchNonEqualityFilter_IsNoTarget(string path)
    {
        var user = User();
        user.Remove("emails");
        Fails(user, Ops($$"""{"op":"replace","path":"{{path}}","value":"x@y.z"}"""), "noTarget");
    }

    [Test]
    public void Apply_ReplaceMatchingSubAttribute_UpdatesOnlyMatchingElements()
    {
        var user = User();
        user["emails"]!.AsArray().Add(new JsonObject { ["value"] = "a@home.io", ["type"] = "home" });
        var outcome = Ok(user, Ops("""{"op":"replace","path":"emails[type eq \"work\"].value","value":"ada@work.io"}"""));
        Assert.That(Json(outcome.Resource["emails"]), Is.EqualTo("""[{"value":"ada@work.io","type":"work","primary":true},{"value":"a@home.io","type":"home"}]"""));
    }

    [Test]
    public void Apply_ReplaceMatchingElement_ReplacesTheWholeElement() =>
        Assert.That(Json(Ok(User(), Ops("""{"op":"replace","path":"emails[type eq \"work\"]","value":{"value":"w@x.io","type":"work"}}""")).Resource["emails"]),
            Is.EqualTo("""[{"value":"w@x.io","type":"work"}]"""));

    [Test]
    public void Apply_RemoveByValuePath_RemovesMatchesOnly()
    {
        var user = User();
        user["emails"]!.AsArray().Add(new JsonObject { ["value"] = "a@home.io", ["type"] = "HOME" });
        Assert.That(Json(Ok(user, Ops("""{"op":"remove","path":"emails[type eq \"home\"]"}""")).Resource["emails"]),
            Is.EqualTo("""[{"value":"ada@example.com","type":"work","primary":true}]"""));
    }

    [Test]
    public void Apply_RemoveSubAttributeByValuePath() =>
        Assert.That(Json(Ok(User(), Ops("""{"op":"remove","path":"emails[type eq \"work\"].primary"}""")).Resource["emails"]),
            Is.EqualTo("""[{"value":"ada@example.com","type":"work"}]"""));

    [Test]
    public void Apply_AddEmailMarkedPrimary_TakesPrimaryFromTheOthers() =>
        Assert.That(Json(Ok(User(), Ops("""{"op":"add","path":"emails","value":{"value":"b@home.io","type":"home","primary":"True"}}""")).Resource["emails"]),
            Is.EqualTo("""[{"value":"ada@example.com","type":"work"},{"value":"b@home.io","type":"home","primary":true}]"""));

    [Test]
    public void Apply_ReplaceEmailsWithTwoPrimaries_FirstWins() =>
        Assert.That(Json(Ok(User(), Ops("""{"op":"replace","path":"emails","value":[{"value":"a@x.io","primary":true},{"value":"b@x.io","primary":true}]}""")).Resource["emails"]),
            Is.EqualTo("""[{"value":"a@x.io","primary":true},{"value":"b@x.io"}]"""));

    [Test]
    public void Apply_AddDuplicateEmailInOtherCase_IsMergedNotDuplicated()
    {
        var outcome = Ok(User(), Ops("""{"op":"add","path":"emails","value":[{"value":"ADA@EXAMPLE.COM","type":"Work"}]}"""));
        Assert.That(outcome.Resource["emails"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public void Apply_AddExactlyTheExistingEmail_IsNoChange() =>
        Assert.That(Ok(User(), Ops("""{"op":"add","path":"emails","value":[{"value":"ada@example.com","type":"work","primary":true}]}""")).Changed, Is.False);

    [Test]
    public void Apply_ReplaceWithDuplicates_CollapsesThem() =>
        Assert.That(Json(Ok(User(), Ops("""{"op":"replace","path":"emails","value":[{"value":"a@x.io","type":"work"},{"value":"A@X.IO","type":"work","display":"A"}]}""")).Resource["emails"]),
            Is.EqualTo("""[{"value":"a@x.io","type":"work","display":"A"}]"""));

    [Test]
    public void Apply_MoreThan20Emails_IsInvalidValue()
    {
        var emails = string.Join(",", Enumerable.Range(0, 21).Select(i => $$"""{"value":"u{{i}}@x.io"}"""));
        Assert.That(Fails(User(), Ops($$"""{"op":"add","path":"emails","value":[{{emails}}]}"""), "invalidValue").Detail, Does.Contain("limit is 20"));
    }

    [Test]
    public void Apply_EmailsValueNotAString_IsInvalidValue() =>
        Fails(User(), Ops("""{"op":"add","path":"emails","value":[{"value":5}]}"""), "invalidValue");

    [Test]
    public void Apply_PhoneNumbersAndAddresses_AddAndReplace()
    {
        var outcome = Ok(User(), Ops(
            """{"op":"add","path":"phoneNumbers","value":{"value":"+1 555","type":"mobile","Primary":true}}""",
            """{"op":"add","path":"addresses","value":[{"streetAddress":"1 Main St","locality":"Springfield","type":"work"}]}""",
            """{"op":"replace","path":"addresses[type eq \"work\"].postalCode","value":"12345"}"""));
        Assert.That(Json(outcome.Resource["phoneNumbers"]), Is.EqualTo("""[{"value":"\u002B1 555","type":"mobile","primary":true}]"""));
        Assert.That(Json(outcome.Resource["addresses"]), Is.EqualTo("""[{"streetAddress":"1 Main St","locality":"Springfield","type":"work","postalCode":"12345"}]"""));
    }

    // ---- roles (§5.3) ----

    [TestCase("""{"op":"replace","path":"roles","value":[{"value":"Admin"}]}""", "admin")]
    [TestCase("""{"op":"replace","path":"roles","value":[{"value":"manager"},{"value":"admin"}]}""", "admin")]
    [TestCase("""{"op":"replace","path":"roles","value":[{"value":"manager","primary":true},{"value":"admin"}]}""", "manager")]
    [TestCase("""{"op":"add","path":"roles","value":[{"value":"manager","primary":true}]}""", "manager")]
    [TestCase("""{"op":"add","path":"roles","value":[{"value":"admin"}]}""", "collaborator")]
    [TestCase("""{"op":"remove","path":"roles"}""", "collaborator")]
    [TestCase("""{"op":"replace","path":"roles","value":[]}""", "collaborator")]
    [TestCase("""{"op":"replace","path":"roles[primary eq true].value","value":"MANAGER"}""", "manager")]
    public void Apply_Roles_NormaliseToOneEffectiveRole(string operation, string role)
    {
        var roles = Ok(User(), Ops(operation)).Resource["roles"]!.AsArray();
        var expected = $$"""[{"value":"{{role}}","display":"{{char.ToUpperInvariant(role[0]) + role[1..]}}","primary":true}]""";
        Assert.That(Json(roles), Is.EqualTo(expected));
    }

    [Test]
    public void Apply_UnknownRole_IsInvalidValueNamingTheAllowedValues() =>
        Assert.That(Fails(User(), Ops("""{"op":"replace","path":"roles","value":[{"value":"owner"}]}"""), "invalidValue").Detail, Does.Contain("admin, manager, collaborator"));

    [Test]
    public void Apply_ReplaceRoleWithSameRole_IsNoChange() =>
        Assert.That(Ok(User(), Ops("""{"op":"replace","path":"roles","value":[{"value":"Collaborator"}]}""")).Changed, Is.False);

    // ---- group members (§9.4–9.7, §12 #5, #6, #19, #20, #26, #27) ----

    [Test]
    public void Apply_OktaRemoveThenAdd_InOrder()
    {
        var outcome = Ok(Group(), Ops("""{"op":"remove","path":"members[value eq \"usr_1\"]"}""", """{"op":"add","path":"members","value":[{"value":"usr_812","display":"ada@example.com"}]}"""), ScimSchemas.Group);
        Assert.That(Json(outcome.Resource["members"]), Is.EqualTo("""[{"value":"usr_2"},{"value":"usr_812"}]"""));
        Assert.That(outcome.ChangedAttributes, Is.EqualTo(new[] { "members" }));
    }

    [Test]
    public void Apply_OktaReplaceMembers_SetsExactMembership() =>
        Assert.That(Members(Ok(Group(), Ops("""{"op":"replace","path":"members","value":[{"value":"usr_3"},{"value":"usr_2"}]}"""), ScimSchemas.Group).Resource), Is.EqualTo("usr_3,usr_2"));

    [Test]
    public void Apply_ReplaceMembersWithEmptyArray_EmptiesTheTeam() =>
        Assert.That(Ok(Group(), Ops("""{"op":"replace","path":"members","value":[]}"""), ScimSchemas.Group).Resource.ContainsKey("members"), Is.False);

    [TestCase("""{"op":"Remove","path":"members","value":[{"value":"usr_1"}]}""")]
    [TestCase("""{"op":"remove","path":"members","value":[{"value":"usr_1","display":"x"}]}""")]
    [TestCase("""{"op":"remove","path":"members","value":{"value":"usr_1"}}""")]
    [TestCase("""{"op":"remove","path":"members","value":["usr_1"]}""")]
    [TestCase("""{"op":"remove","path":"members[value eq \"usr_1\"]"}""")]
    [TestCase("""{"op":"remove","path":"members[value eq usr_1]"}""")]
    [TestCase("""{"op":"remove","path":"Members[Value Eq \"usr_1\"]"}""")]
    public void Apply_RemoveOneMember_KeepsTheOthers(string operation) =>
        Assert.That(Members(Ok(Group(), Ops(operation), ScimSchemas.Group).Resource), Is.EqualTo("usr_2"));

    [Test]
    public void Apply_RemoveMembersWithoutValue_EmptiesTheTeam() =>
        Assert.That(Ok(Group(), Ops("""{"op":"remove","path":"members"}"""), ScimSchemas.Group).Resource.ContainsKey("members"), Is.False);

    [Test]
    public void Apply_RemoveTwoMembersWithOrFilter() =>
        Assert.That(Members(Ok(Group(), Ops("""{"op":"remove","path":"members[value eq \"usr_1\" or value eq \"usr_2\"]"}"""), ScimSchemas.Group).Resource), Is.Empty);

    [Test]
    public void Apply_RemoveAbsentMember_IsANoOpSuccess()
    {
        var outcome = Ok(Group(), Ops("""{"op":"remove","path":"members[value eq \"usr_99\"]"}""", """{"op":"remove","path":"members","value":[{"value":"usr_98"}]}"""), ScimSchemas.Group);
        Assert.That(outcome.Changed, Is.False);
        Assert.That(Members(outcome.Resource), Is.EqualTo("usr_1,usr_2"));
    }

    [Test]
    public void Apply_MemberValuesAreCaseExact() =>
        Assert.That(Members(Ok(Group(), Ops("""{"op":"remove","path":"members","value":[{"value":"USR_1"}]}"""), ScimSchemas.Group).Resource), Is.EqualTo("usr_1,usr_2"));

    [TestCase("""[{"value":"usr_3"}]""")]
    [TestCase("""[{"$ref":null,"value":"usr_3"}]""")]
    [TestCase("""[{"value":"usr_3","display":"Someone","$ref":"https://x/Users/usr_3"}]""")]
    [TestCase("""[{"value":"usr_3","type":"User"}]""")]
    [TestCase("""["usr_3"]""")]
    [TestCase("\"usr_3\"")]
    [TestCase("""{"value":"usr_3"}""")]
    [TestCase("""[{"Value":"usr_3"}]""")]
    public void Apply_AddMemberValueForms_AreAccepted(string value)
    {
        var outcome = Ok(Group(), $$"""{"operations":[{"op":"Add","path":"members","value":{{value}}}]}""", ScimSchemas.Group);
        Assert.That(Members(outcome.Resource), Is.EqualTo("usr_1,usr_2,usr_3"));
        Assert.That(outcome.Resource["members"]!.AsArray().Any(m => m!.AsObject().ContainsKey("display") || m.AsObject().ContainsKey("$ref")), Is.False);
    }

    [Test]
    public void Apply_AddExistingMember_IsANoOp() =>
        Assert.That(Ok(Group(), Ops("""{"op":"add","path":"members","value":[{"value":"usr_1"},{"value":"usr_1"}]}"""), ScimSchemas.Group).Changed, Is.False);

    [TestCase("""[{"value":"team_2","type":"Group"}]""", "nested groups")]
    [TestCase("""[{"display":"no value"}]""", "needs a 'value'")]
    [TestCase("""[{"value":5}]""", "expects a string")]
    [TestCase("5", "expects an object")]
    public void Apply_BadMembers_AreInvalidValue(string value, string detail) =>
        Assert.That(Fails(Group(), Ops($$"""{"op":"add","path":"members","value":{{value}}}"""), "invalidValue", ScimSchemas.Group).Detail, Does.Contain(detail));

    [Test]
    public void Apply_GroupDisplayNameRemoval_IsInvalidValue() =>
        Fails(Group(), Ops("""{"op":"remove","path":"displayName"}"""), "invalidValue", ScimSchemas.Group);

    [Test]
    public void Apply_ThousandMembersToFiveThousandMemberTeam_AllArePresentOnce()
    {
        var group = Group();
        group["members"] = new JsonArray(Enumerable.Range(1, 5000).Select(i => (JsonNode)new JsonObject { ["value"] = $"usr_{i}" }).ToArray());
        var added = string.Join(",", Enumerable.Range(4501, 1000).Select(i => $$"""{"value":"usr_{{i}}"}"""));
        var outcome = Ok(group, Ops($$"""{"op":"add","path":"members","value":[{{added}}]}"""), ScimSchemas.Group);
        Assert.That(outcome.Resource["members"]!.AsArray(), Has.Count.EqualTo(5500));
    }

    [Test]
    public void Apply_ManyMemberOperationsInOneRequest_EndWithTheExactMembership()
    {
        var group = Group();
        group["members"] = new JsonArray(Enumerable.Range(1, 2000).Select(i => (JsonNode)new JsonObject { ["value"] = $"usr_{i}" }).ToArray());
        var operations = new List<string>();
        for (var i = 1; i <= 300; i++)
        {
            operations.Add($$"""{"op":"remove","path":"members[value eq \"usr_{{i}}\"]"}""");
            operations.Add($$"""{"op":"add","path":"members","value":[{"value":"usr_{{3000 + i}}"}]}""");
            operations.Add($$"""{"op":"add","path":"members","value":"usr_{{i + 1000}}"}""");
        }
        operations.Add("""{"op":"remove","path":"members","value":[{"value":"usr_3001"},{"value":"usr_3002"}]}""");
        operations.Add("""{"op":"add","path":"members","value":[{"value":"usr_1"}]}""");
        var outcome = Ok(group, Ops([.. operations]), ScimSchemas.Group);
        var expected = Enumerable.Range(301, 1700).Select(i => $"usr_{i}").Concat(Enumerable.Range(3003, 298).Select(i => $"usr_{i}")).Append("usr_1");
        Assert.That(Members(outcome.Resource), Is.EqualTo(string.Join(",", expected)));
    }

    [Test]
    public void Apply_StoredDuplicateMembers_AreAllRemovedAndCollapsedOnAdd()
    {
        var group = Group();
        group["members"] = JsonNode.Parse("""[{"value":"usr_1"},{"value":"usr_2"},{"value":"usr_1"}]""");
        Assert.That(Members(Ok(group, Ops("""{"op":"remove","path":"members[value eq \"usr_1\"]"}"""), ScimSchemas.Group).Resource), Is.EqualTo("usr_2"));
        Assert.That(Members(Ok(group, Ops("""{"op":"add","path":"members","value":["usr_3"]}"""), ScimSchemas.Group).Resource), Is.EqualTo("usr_1,usr_2,usr_3"));
    }

    [Test]
    public void Apply_RemoveThenReAddInOneRequest_IsNotAChange() =>
        Assert.That(Ok(Group(), Ops("""{"op":"remove","path":"members[value eq \"usr_2\"]"}""", """{"op":"add","path":"members","value":["usr_2"]}"""), ScimSchemas.Group).Changed, Is.False);

    [Test]
    public void Apply_UserAttributeOnGroup_IsInvalidPath() =>
        Fails(Group(), Ops("""{"op":"replace","path":"userName","value":"x"}"""), "invalidPath", ScimSchemas.Group);
}
