using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Patching;
using Leanmote.Application.Scim.Schema;
using NUnit.Framework;

namespace Leanmote.UnitTests.Scim;

[TestFixture]
public sealed class ScimResourceNormalizerTests
{
    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Create(string json, ScimResourceSchema? schema = null)
    {
        var result = ScimResourceNormalizer.ForCreate(Body(json), schema ?? ScimSchemas.User);
        Assert.That(result.IsSuccess, Is.True, () => result.Error?.Detail ?? "");
        return result.Value;
    }

    private static ScimError CreateFails(string json, string scimType, ScimResourceSchema? schema = null)
    {
        var result = ScimResourceNormalizer.ForCreate(Body(json), schema ?? ScimSchemas.User);
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Error!.ScimType, Is.EqualTo(scimType), result.Error.Detail);
        return result.Error;
    }

    [Test]
    public void ForCreate_OktaExample_IsCanonicalAndDropsPasswordAndGroups()
    {
        var user = Create("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com",
             "name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"primary":true,"value":"ada@example.com","type":"work"}],
             "displayName":"Ada Lovelace","locale":"en-US","externalId":"00u1abcd","groups":[],"password":"x1y2z3","active":true}
            """);
        Assert.That(user.ToJsonString(), Is.EqualTo("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"primary":true,"value":"ada@example.com","type":"work"}],"displayName":"Ada Lovelace","locale":"en-US","externalId":"00u1abcd","active":true,"roles":[{"value":"collaborator","display":"Collaborator","primary":true}]}
            """.Trim()));
    }

    [Test]
    public void ForCreate_EntraBody_NullsEmptyRolesMetaAndCapitalisedNames()
    {
        var user = Create("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
             "UserName":"UserName123","Active":"True","DisplayName":"BobIsAmazing","roles":[],"addresses":null,"nickName":null,
             "meta":{"resourceType":"User"},"id":"ignored",
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"some department","Manager":{"Value":"usr_7"}},
             "emails":[{"Primary":true,"type":"work","value":"Test_User_1@testuser.com"}]}
            """);
        Assert.Multiple(() =>
        {
            Assert.That((string?)user["userName"], Is.EqualTo("UserName123"));
            Assert.That(user["active"]!.GetValue<bool>(), Is.True);
            Assert.That(user.ContainsKey("addresses") || user.ContainsKey("nickName") || user.ContainsKey("meta") || user.ContainsKey("id"), Is.False);
            Assert.That(user[ScimSchemas.EnterpriseUserUrn]!.ToJsonString(), Is.EqualTo("""{"department":"some department","manager":{"value":"usr_7"}}"""));
            Assert.That(user["schemas"]!.ToJsonString(), Is.EqualTo($"[\"{ScimSchemas.UserUrn}\",\"{ScimSchemas.EnterpriseUserUrn}\"]"));
            Assert.That((string?)user["roles"]![0]!["value"], Is.EqualTo("collaborator"));
            Assert.That(user["emails"]!.ToJsonString(), Is.EqualTo("""[{"primary":true,"type":"work","value":"Test_User_1@testuser.com"}]"""));
        });
    }

    [Test]
    public void ForCreate_InactiveAndFirstPrimaryWins()
    {
        var user = Create("""{"userName":"a","active":"false","emails":[{"value":"a@x","primary":true},{"value":"b@x","primary":true}]}""");
        Assert.That(user["active"]!.GetValue<bool>(), Is.False);
        Assert.That(user["emails"]!.ToJsonString(), Is.EqualTo("""[{"value":"a@x","primary":true},{"value":"b@x"}]"""));
    }

    [TestCase("""{"displayName":"x"}""", "invalidValue")]
    [TestCase("""{"userName":"  "}""", "invalidValue")]
    [TestCase("""{"userName":5}""", "invalidValue")]
    [TestCase("""{"userName":"a","active":"yes"}""", "invalidValue")]
    [TestCase("""{"userName":"a","roles":[{"value":"owner"}]}""", "invalidValue")]
    [TestCase("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"a"}""", "invalidSyntax")]
    [TestCase("""{"schemas":"urn:ietf:params:scim:schemas:core:2.0:User","userName":"a"}""", "invalidSyntax")]
    [TestCase("""{"userName":"a","UserName":"b"}""", "invalidSyntax")]
    public void ForCreate_BadBodies(string json, string scimType) => CreateFails(json, scimType);

    [Test]
    public void ForCreate_UnknownAttributesAndSchemasAreIgnored() =>
        Assert.That(Create("""{"schemas":["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER","urn:x"],"userName":"a","shoeSize":42,"name.givenName":"x"}""").ToJsonString(),
            Does.Not.Contain("shoe").And.Not.Contain("givenName"));

    [Test]
    public void ForCreate_GroupWithMembers()
    {
        var group = Create("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],"displayName":"Core","members":[{"value":"usr_1","display":"x"},"usr_2",{"value":"usr_1"}]}""", ScimSchemas.Group);
        Assert.That(group.ToJsonString(), Is.EqualTo("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Core","members":[{"value":"usr_1"},{"value":"usr_2"}]}"""));
    }

    [Test]
    public void ForCreate_GroupWithoutDisplayName_IsInvalidValue() => CreateFails("""{"members":[]}""", "invalidValue", ScimSchemas.Group);

    [Test]
    public void ForCreate_NestedGroupMember_IsInvalidValue() => CreateFails("""{"displayName":"x","members":[{"value":"team_2","type":"Group"}]}""", "invalidValue", ScimSchemas.Group);

    private static JsonObject Current() => JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"usr_5","userName":"ada@example.com","active":false,
         "displayName":"Ada","title":"Countess",
         "roles":[{"value":"admin","display":"Admin","primary":true}],"groups":[{"value":"team_1","display":"Core","type":"direct"}],
         "meta":{"resourceType":"User","version":"W/\"3\""}}
        """)!.AsObject();

    [Test]
    public void ForReplace_OmittedActiveAndRolesAreKept_OtherOmittedAttributesCleared()
    {
        var result = ScimResourceNormalizer.ForReplace(Body("""{"userName":"ada@example.com","displayName":"Ada"}"""), Current(), ScimSchemas.User);
        Assert.That(result.IsSuccess, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(result.Value.Resource["active"]!.GetValue<bool>(), Is.False);
            Assert.That((string?)result.Value.Resource["roles"]![0]!["value"], Is.EqualTo("admin"));
            Assert.That(result.Value.Resource.ContainsKey("title"), Is.False);
            Assert.That(result.Value.ChangedAttributes, Is.EqualTo(new[] { "title" }));
        });
    }

    [Test]
    public void ForReplace_OktaFullBodyWithIdMetaGroups_KeepsServerValuesAndIsANoOp()
    {
        var result = ScimResourceNormalizer.ForReplace(Body("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"usr_999","userName":"ada@example.com","active":false,
             "displayName":"Ada","title":"Countess","groups":[{"value":"team_9"}],"meta":{"version":"W/\"1\""},"password":"p",
             "roles":[{"value":"Admin"}]}
            """), Current(), ScimSchemas.User);
        Assert.Multiple(() =>
        {
            Assert.That(result.Value.Changed, Is.False, string.Join(",", result.Value.ChangedAttributes));
            Assert.That((string?)result.Value.Resource["id"], Is.EqualTo("usr_5"));
            Assert.That(result.Value.Resource["groups"]!.ToJsonString(), Does.Contain("team_1"));
        });
    }

    [Test]
    public void ForReplace_GroupMembersOmittedAreKept_EmptyArrayEmpties()
    {
        var current = JsonNode.Parse("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"team_1","displayName":"Core","members":[{"value":"usr_1"}]}""")!.AsObject();
        var kept = ScimResourceNormalizer.ForReplace(Body("""{"displayName":"Core 2"}"""), current, ScimSchemas.Group).Value;
        var emptied = ScimResourceNormalizer.ForReplace(Body("""{"displayName":"Core","members":[]}"""), current, ScimSchemas.Group).Value;
        Assert.That(kept.Resource["members"]!.ToJsonString(), Is.EqualTo("""[{"value":"usr_1"}]"""));
        Assert.That(kept.ChangedAttributes, Is.EqualTo(new[] { "displayName" }));
        Assert.That(emptied.Resource.ContainsKey("members"), Is.False);
        Assert.That(emptied.ChangedAttributes, Is.EqualTo(new[] { "members" }));
    }

    [Test]
    public void ForReplace_MissingUserName_IsInvalidValue() =>
        Assert.That(ScimResourceNormalizer.ForReplace(Body("""{"displayName":"x"}"""), Current(), ScimSchemas.User).Error!.ScimType, Is.EqualTo("invalidValue"));
}
