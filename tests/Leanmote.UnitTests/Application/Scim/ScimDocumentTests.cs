using NUnit.Framework;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Resources;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.UnitTests.Application.Scim;

/// <summary>The surface's own body reading (scim.md §2.2, §5.2–5.5), list parameters (§8) and preconditions (§10).</summary>
public sealed class ScimDocumentTests
{
    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    [Test]
    public void ReadUser_CanonicalisesNames_DropsReadOnlyAndUnknown_FirstPrimaryWins()
    {
        var draft = UserDocument.Read(Body("""
            {"USERNAME":"a@x.com","id":"usr_9","meta":{},"groups":[],"password":"p","favouriteColour":"blue",
             "Emails":[{"Value":"A@x.com","type":"work","Primary":"True"},{"value":"a@X.com","type":"work"},{"value":"b@x.com","primary":true}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user":{"Department":"R&D","manager":[{"$ref":null,"value":"usr_2"}]}}
            """), checkSchemas: true);

        Assert.That(draft.IsSuccess, Is.True, draft.Error?.Detail);
        var attributes = draft.Value.Attributes;
        Assert.That(attributes.Select(a => a.Key), Is.EqualTo(new[] { "userName", "emails", ScimUris.EnterpriseUser }));
        var emails = attributes["emails"]!.AsArray();
        Assert.That(emails, Has.Count.EqualTo(2), "case-insensitive duplicates of one type collapse");
        Assert.That(emails[0]!["primary"]!.GetValue<bool>(), Is.True);
        Assert.That(emails[1]!["primary"], Is.Null, "only the first primary stays primary");
        Assert.That(attributes[ScimUris.EnterpriseUser]!["manager"]!["value"]!.GetValue<string>(), Is.EqualTo("usr_2"));
        Assert.That(draft.Value.Active, Is.Null);
        Assert.That(draft.Value.Role, Is.Null, "roles not named: unchanged on PUT");
    }

    [TestCase("""{"userName":""}""", "invalidValue")]
    [TestCase("""{"userName":"a","active":"maybe"}""", "invalidValue")]
    [TestCase("""{"userName":"a","roles":[{"value":"owner"}]}""", "invalidValue")]
    [TestCase("""{"userName":"a","name":"Ada"}""", "invalidValue")]
    [TestCase("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"a"}""", "invalidSyntax")]
    public void ReadUser_RejectsBadValues(string json, string scimType)
    {
        var draft = UserDocument.Read(Body(json), checkSchemas: true);
        Assert.That(draft.Error?.ScimType, Is.EqualTo(scimType));
    }

    [TestCase("""[]""", "collaborator")]
    [TestCase("""[{"value":"manager"},{"value":"ADMIN"}]""", "admin")]
    [TestCase("""[{"value":"admin"},{"value":"manager","primary":true}]""", "manager")]
    [TestCase("""{"value":"manager"}""", "manager")]
    public void ReadRole_PrimaryElseMostPrivileged(string roles, string expected)
    {
        Assert.That(UserDocument.ReadRole(JsonNode.Parse(roles)).Value, Is.EqualTo(expected));
    }

    [Test]
    public void PlatformFields_FollowTheDerivationRules()
    {
        var attributes = Body("""{"userName":"u@x.com","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"home@x.com","type":"home"},{"value":"work@x.com","type":"work"}],"timezone":"Pacific Standard Time"}""");
        Assert.That(UserDocument.PlatformName(attributes), Is.EqualTo("Ada Lovelace"));
        Assert.That(UserDocument.PlatformEmail(attributes), Is.EqualTo("work@x.com"));
        Assert.That(UserDocument.PlatformTimezone(attributes), Is.Null, "Windows zone names are stored in SCIM only");
        Assert.That(UserDocument.PlatformTimezone(Body("""{"userName":"u","timezone":"Europe/Berlin"}""")), Is.EqualTo("Europe/Berlin"));
    }

    [TestCase("""[{"value":"usr_1","display":"x"},{"$ref":null,"value":"usr_2"}]""")]
    [TestCase("""["usr_1","usr_2","usr_1"]""")]
    public void ReadMembers_AcceptsEveryForm(string members)
    {
        Assert.That(GroupDocument.ReadMembers(JsonNode.Parse(members)).Value, Is.EqualTo(new[] { "usr_1", "usr_2" }));
        Assert.That(GroupDocument.ReadMembers(JsonValue.Create("usr_5")).Value, Is.EqualTo(new[] { "usr_5" }));
        Assert.That(GroupDocument.ReadMembers(JsonNode.Parse("""[{"value":"team_1","type":"Group"}]""")).Error?.ScimType, Is.EqualTo("invalidValue"));
    }

    [TestCase(null, null, 1, 100)]
    [TestCase("0", "5000", 1, 1000)]
    [TestCase("-4", "-1", 1, 0)]
    [TestCase("20", "7", 20, 7)]
    public void ListRequest_ClampsPaging(string? start, string? count, int expectedStart, int expectedCount)
    {
        var query = new ScimListRequest(null, start, count, null, null, null, null).Parse(ScimSchemas.User, includeComputed: true);
        Assert.That((query.Value.StartIndex, query.Value.Count), Is.EqualTo((expectedStart, expectedCount)));
    }

    [Test]
    public void ListRequest_ResolvesSortAndRejectsNonsense()
    {
        var query = new ScimListRequest(null, null, null, "urn:ietf:params:scim:schemas:core:2.0:User:NAME.familyName", "DESCENDING", null, null)
            .Parse(ScimSchemas.User, includeComputed: true);
        Assert.That((query.Value.Sort, query.Value.Descending), Is.EqualTo((ScimSort.FamilyName, true)));
        Assert.That(new ScimListRequest(null, "x", null, null, null, null, null).Parse(ScimSchemas.User, true).Error?.ScimType, Is.EqualTo("invalidValue"));
        Assert.That(new ScimListRequest("userName eq", null, null, null, null, null, null).Parse(ScimSchemas.User, true).Error?.ScimType, Is.EqualTo("invalidFilter"));
    }

    [TestCase(null, true)]
    [TestCase("*", true)]
    [TestCase("W/\"3\"", true)]
    [TestCase("\"3\"", true)]
    [TestCase("W/\"2\", W/\"3\"", true)]
    [TestCase("W/\"2\"", false)]
    public void IfMatch_AcceptsCurrentVersionOrStar(string? header, bool passes)
    {
        Assert.That(ScimPreconditions.IfMatch(header, 3) is null, Is.EqualTo(passes));
    }

    [Test]
    public void Projection_LoadsComputedAttributesOnlyWhenAnswered()
    {
        Assert.That(new ScimProjectionRequest(null, ["members"]).Wants("members"), Is.False);
        Assert.That(new ScimProjectionRequest(["displayName"], null).Wants("members"), Is.False);
        Assert.That(new ScimProjectionRequest(["members.value"], null).Wants("members"), Is.True);
        Assert.That(ScimProjectionRequest.None.Wants("groups"), Is.True);
    }
}
