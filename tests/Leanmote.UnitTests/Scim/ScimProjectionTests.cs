using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Projection;
using Leanmote.Application.Scim.Schema;
using NUnit.Framework;

namespace Leanmote.UnitTests.Scim;

[TestFixture]
public sealed class ScimProjectionTests
{
    private static JsonObject User() => JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "id":"usr_5","userName":"ada@example.com","active":true,
         "name":{"givenName":"Ada","familyName":"Lovelace"},
         "emails":[{"value":"ada@example.com","type":"work","primary":true},{"value":"a@home.io","type":"home"}],
         "roles":[{"value":"collaborator","display":"Collaborator","primary":true}],
         "groups":[],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","manager":{"value":"usr_7","displayName":"Bob"}},
         "meta":{"resourceType":"User","version":"W/\"3\""}}
        """)!.AsObject();

    private static JsonObject Group() => JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"team_1","displayName":"Core",
         "members":[{"value":"usr_1","display":"A"}],"meta":{"resourceType":"Group"}}
        """)!.AsObject();

    private static string Keys(JsonObject o) => string.Join(",", o.Select(p => p.Key));

    [Test]
    public void Default_ReturnsEverything()
    {
        var projection = ScimProjection.Parse(ScimSchemas.User, null, "  ");
        Assert.That(projection.Apply(User()).ToJsonString(), Is.EqualTo(User().ToJsonString()));
        Assert.That(projection.Mode, Is.EqualTo(ProjectionMode.Default));
    }

    [Test]
    public void Default_NeverReturnsPassword()
    {
        var user = User();
        user["password"] = "x";
        Assert.That(ScimProjection.Default(ScimSchemas.User).Apply(user).ContainsKey("password"), Is.False);
    }

    [Test]
    public void Attributes_ReturnSchemasIdAndListedOnly() =>
        Assert.That(Keys(ScimProjection.Parse(ScimSchemas.User, "userName,ACTIVE", null).Apply(User())), Is.EqualTo("schemas,id,userName,active"));

    [Test]
    public void Attributes_SubAttributeReturnsParentWithJustThatSubAttribute()
    {
        var result = ScimProjection.Parse(ScimSchemas.User, "name.givenName,emails.value", null).Apply(User());
        Assert.That(result["name"]!.ToJsonString(), Is.EqualTo("""{"givenName":"Ada"}"""));
        Assert.That(result["emails"]!.ToJsonString(), Is.EqualTo("""[{"value":"ada@example.com"},{"value":"a@home.io"}]"""));
    }

    [Test]
    public void Attributes_MetaOnlyIfListed()
    {
        Assert.That(ScimProjection.Parse(ScimSchemas.User, "userName", null).Apply(User()).ContainsKey("meta"), Is.False);
        Assert.That(ScimProjection.Parse(ScimSchemas.User, "userName,meta.version", null).Apply(User())["meta"]!.ToJsonString(), Is.EqualTo("""{"version":"W/\u00223\u0022"}"""));
    }

    [TestCase("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")]
    [TestCase("department")]
    [TestCase("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT")]
    public void Attributes_EnterpriseNames(string name) =>
        Assert.That(ScimProjection.Parse(ScimSchemas.User, name, null).Apply(User())[ScimSchemas.EnterpriseUserUrn]!.ToJsonString(), Is.EqualTo("""{"department":"R\u0026D"}"""));

    [Test]
    public void Attributes_WholeExtensionUrn_ReturnsAllItsAttributes() =>
        Assert.That(ScimProjection.Parse(ScimSchemas.User, ScimSchemas.EnterpriseUserUrn, null).Apply(User())[ScimSchemas.EnterpriseUserUrn]!.AsObject().Count, Is.EqualTo(2));

    [Test]
    public void Attributes_UnknownNamesAreIgnored() =>
        Assert.That(Keys(ScimProjection.Parse(ScimSchemas.User, "shoeSize,userName,name.nope", null).Apply(User())), Is.EqualTo("schemas,id,userName"));

    [Test]
    public void Attributes_WinOverExcluded() =>
        Assert.That(Keys(ScimProjection.Parse(ScimSchemas.User, "userName", "userName").Apply(User())), Is.EqualTo("schemas,id,userName"));

    [Test]
    public void Excluded_RemovesThoseButNeverIdOrSchemas()
    {
        var result = ScimProjection.Parse(ScimSchemas.User, null, "id,schemas,emails,meta,name.familyName,department").Apply(User());
        Assert.That(Keys(result), Is.EqualTo("schemas,id,userName,active,name,roles,groups," + ScimSchemas.EnterpriseUserUrn));
        Assert.That(result["name"]!.ToJsonString(), Is.EqualTo("""{"givenName":"Ada"}"""));
        Assert.That(result[ScimSchemas.EnterpriseUserUrn]!.ToJsonString(), Is.EqualTo("""{"manager":{"value":"usr_7","displayName":"Bob"}}"""));
    }

    [Test]
    public void Excluded_WholeExtension_DropsTheExtensionObject() =>
        Assert.That(ScimProjection.Parse(ScimSchemas.User, null, ScimSchemas.EnterpriseUserUrn).Apply(User()).ContainsKey(ScimSchemas.EnterpriseUserUrn), Is.False);

    [Test]
    public void FromLists_SearchBodyArrays() =>
        Assert.That(Keys(ScimProjection.FromLists(ScimSchemas.Group, ["displayName"], null).Apply(Group())), Is.EqualTo("schemas,id,displayName"));

    [TestCase(null, "members", false)]
    [TestCase(null, "MEMBERS", false)]
    [TestCase(null, "members.display", true)]
    [TestCase(null, "displayName", true)]
    [TestCase(null, null, true)]
    [TestCase("displayName", null, false)]
    [TestCase("members.value", null, true)]
    [TestCase("members", "members", true)]
    [TestCase("id", null, false)]
    public void Needs_Members_TellsStorageWhetherToLoadThem(string? attributes, string? excluded, bool needed) =>
        Assert.That(ScimProjection.Parse(ScimSchemas.Group, attributes, excluded).Needs("members"), Is.EqualTo(needed));

    [TestCase(null, "groups", false)]
    [TestCase("userName", null, false)]
    [TestCase("groups.value", null, true)]
    [TestCase(null, "emails", true)]
    public void Needs_Groups_TellsStorageWhetherToLoadThem(string? attributes, string? excluded, bool needed) =>
        Assert.That(ScimProjection.Parse(ScimSchemas.User, attributes, excluded).Needs("groups"), Is.EqualTo(needed));

    [Test]
    public void Needs_IdIsAlwaysNeededAndPasswordNever()
    {
        var projection = ScimProjection.Parse(ScimSchemas.User, null, "id");
        Assert.That(projection.Needs("id"), Is.True);
        Assert.That(projection.Needs("password"), Is.False);
    }

    [Test]
    public void EntraGroupLookup_ExcludesMembers() =>
        Assert.That(Keys(ScimProjection.Parse(ScimSchemas.Group, null, "members").Apply(Group())), Is.EqualTo("schemas,id,displayName,meta"));

    [Test]
    public void Apply_DoesNotModifyTheInput()
    {
        var user = User();
        var before = user.ToJsonString();
        ScimProjection.Parse(ScimSchemas.User, null, "name.givenName,emails.type").Apply(user);
        Assert.That(user.ToJsonString(), Is.EqualTo(before));
    }
}
