using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Patching;
using Leanmote.Application.Scim.Schema;
using NUnit.Framework;

namespace Leanmote.UnitTests.Scim;

/// <summary>The PATCH bodies of scim.md §12, verbatim as the IdPs send them, against one user and one group.</summary>
[TestFixture]
public sealed class ScimIdpQuirkTests
{
    private static JsonObject User() => JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"usr_5","userName":"ada@example.com","active":true,
         "name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"ada@home.io","type":"home"}],
         "roles":[{"value":"collaborator","display":"Collaborator","primary":true}],"groups":[]}
        """)!.AsObject();

    private static JsonObject Group() => JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"team_1","displayName":"Core","members":[{"value":"usr_1"},{"value":"usr_2"}]}
        """)!.AsObject();

    private static string B(string operations) => "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";

    private static IEnumerable<TestCaseData> UserCases()
    {
        yield return new TestCaseData(B("""[{"op":"Replace","path":"active","value":"False"}]"""), "active", "false").SetName("#1 #2 Entra deactivate with string boolean");
        yield return new TestCaseData(B("""[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"},{"op":"Replace","path":"name.familyName","value":"updatedFamilyName"}]"""),
            "emails", """[{"value":"ada@home.io","type":"home"},{"type":"work","value":"updatedEmail@microsoft.com"}]""").SetName("#3 Entra work email when none exists");
        yield return new TestCaseData(B("""[{"op":"Add","path":"emails[type eq \"work\"].value","value":"w@x.io"}]"""),
            "emails", """[{"value":"ada@home.io","type":"home"},{"type":"work","value":"w@x.io"}]""").SetName("#3 Entra Add on a missing work email");
        yield return new TestCaseData(B("""[{"op":"replace","value":{"displayName":"Ada L","name.givenName":"Augusta","name.familyName":"King","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"42"}}]"""),
            "name", """{"givenName":"Augusta","familyName":"King"}""").SetName("#4 Entra flag: dotted and URN keys without path");
        yield return new TestCaseData(B("""[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":[{"$ref":null,"value":"usr_7"}]}]"""),
            ScimSchemas.EnterpriseUserUrn, """{"manager":{"value":"usr_7"}}""").SetName("#7 Entra manager as array");
        yield return new TestCaseData(B("""[{"op":"Replace","path":"manager","value":"usr_7"}]"""),
            ScimSchemas.EnterpriseUserUrn, """{"manager":{"value":"usr_7"}}""").SetName("#7 Entra manager as string on the un-prefixed path");
        yield return new TestCaseData(B("""[{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager","value":{"value":"usr_7"}}]"""),
            ScimSchemas.EnterpriseUserUrn, """{"manager":{"value":"usr_7"}}""").SetName("#7 pre-2018 dotted extension path");
        yield return new TestCaseData(B("""[{"op":"replace","value":{"active":false}}]"""), "active", "false").SetName("#17 Okta deactivate without path");
        yield return new TestCaseData("""{"Operations":[{"op":"Add","path":"nickName","value":"Babs"}]}""", "nickName", "\"Babs\"").SetName("MS reference test: Add nickName without schemas");
    }

    [TestCaseSource(nameof(UserCases))]
    public void User_Quirk(string body, string attribute, string expected)
    {
        var result = ScimPatcher.Apply(User(), JsonNode.Parse(body), ScimSchemas.User);
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.Detail);
        Assert.That(result.Value.Changed, Is.True);
        Assert.That(result.Value.Resource[attribute]?.ToJsonString(), Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> GroupCases()
    {
        yield return new TestCaseData(B("""[{"name":"removeMember","op":"Remove","path":"members","value":[{"value":"usr_1"}]}]"""), "usr_2").SetName("#5 #26 Entra/JumpCloud remove by value list");
        yield return new TestCaseData(B("""[{"name":"addMember","op":"Add","path":"members","value":[{"$ref":null,"value":"usr_3"}]}]"""), "usr_1,usr_2,usr_3").SetName("#6 Entra add with $ref null");
        yield return new TestCaseData(B("""[{"op":"replace","value":{"id":"team_1","displayName":"Platform"}}]"""), "usr_1,usr_2").SetName("#18 Okta rename with the same id");
        yield return new TestCaseData(B("""[{"op":"remove","path":"members[value eq \"usr_1\"]"},{"op":"add","path":"members","value":[{"value":"usr_812","display":"ada@example.com"}]}]"""), "usr_2,usr_812").SetName("#19 Okta remove then add");
        yield return new TestCaseData(B("""[{"op":"replace","path":"members","value":[{"value":"usr_2","display":"b"},{"value":"usr_9","display":"c"}]}]"""), "usr_2,usr_9").SetName("#20 Okta full push");
        yield return new TestCaseData("""{"operations":[{"op":"add","path":"members","value":["usr_3","usr_4"]}]}""", "usr_1,usr_2,usr_3,usr_4").SetName("#27 lower-case operations and plain ids");
        yield return new TestCaseData("""{"Operations":[{"op":"add","path":"members","value":"usr_3"}]}""", "usr_1,usr_2,usr_3").SetName("#27 a single bare id");
    }

    [TestCaseSource(nameof(GroupCases))]
    public void Group_Quirk(string body, string expectedMembers)
    {
        var result = ScimPatcher.Apply(Group(), JsonNode.Parse(body), ScimSchemas.Group);
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.Detail);
        Assert.That(string.Join(",", (result.Value.Resource["members"] as JsonArray ?? []).Select(m => (string)m!["value"]!)), Is.EqualTo(expectedMembers));
        Assert.That(result.Value.Changed, Is.True);
    }
}
