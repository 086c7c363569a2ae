using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Schema;
using NUnit.Framework;

namespace Leanmote.UnitTests.Scim;

[TestFixture]
public sealed class ScimFilterEvaluatorTests
{
    private static readonly JsonObject User = JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"usr_5","externalId":"AbC","userName":"Åsa.Öberg@Example.com","active":true,
         "name":{"givenName":"Åsa","familyName":"Öberg"},"title":"a_b",
         "emails":[{"value":"asa@work.io","type":"work"},{"value":"asa@home.io","type":"home","primary":true}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"usr_7"},"department":"R&D"},
         "meta":{"created":"2026-02-01T08:00:00.123Z","lastModified":"2026-02-01T08:00:00.123Z"}}
        """)!.AsObject();

    private static bool Matches(string filter) => ScimFilterEvaluator.Matches(ScimFilterParser.Parse(filter, ScimSchemas.User).Value, User);

    [TestCase("userName eq \"åsa.öberg@example.com\"", true)]
    [TestCase("userName eq \"ÅSA.ÖBERG@EXAMPLE.COM\"", true)]
    [TestCase("userName eq \"A\\u030Asa.O\\u0308berg@example.com\"", true)]
    [TestCase("externalId eq \"abc\"", false)]
    [TestCase("externalId eq \"AbC\"", true)]
    [TestCase("id eq \"USR_5\"", false)]
    [TestCase("title co \"_\"", true)]
    [TestCase("title co \"%\"", false)]
    [TestCase("userName co \"a_b\"", false)]
    [TestCase("userName sw \"ÅSA\"", true)]
    [TestCase("userName ew \".COM\"", true)]
    [TestCase("userName gt \"a\"", true)]
    [TestCase("userName lt \"a\"", false)]
    [TestCase("nickName ne \"x\"", true)]
    [TestCase("nickName pr", false)]
    [TestCase("nickName eq null", true)]
    [TestCase("title ne null", true)]
    [TestCase("active eq true", true)]
    [TestCase("active eq \"false\"", false)]
    [TestCase("active ne false", true)]
    [TestCase("emails co \"@home\"", true)]
    [TestCase("emails.value eq \"ASA@WORK.IO\"", true)]
    [TestCase("emails[type eq \"work\" and primary eq true]", false)]
    [TestCase("emails[type eq \"home\" and primary eq true]", true)]
    [TestCase("emails[type eq \"work\"].value eq \"asa@home.io\"", false)]
    [TestCase("emails[type eq \"work\"].value eq \"asa@work.io\"", true)]
    [TestCase("emails.type eq \"work\" and emails.primary eq true", true)]
    [TestCase("manager eq \"usr_7\"", true)]
    [TestCase("manager eq \"USR_7\"", false)]
    [TestCase("department eq \"r&d\"", true)]
    [TestCase("meta.created eq \"2026-02-01T09:00:00.123+01:00\"", true)]
    [TestCase("meta.lastModified gt \"2026-02-01T08:00:00.123Z\"", false)]
    [TestCase("meta.lastModified ge \"2026-02-01T08:00:00.123Z\"", true)]
    [TestCase("meta.lastModified gt \"2026-02-01T08:00:00.1229999Z\"", true)]
    [TestCase("not (active eq true) or name.givenName eq \"ÅSA\"", true)]
    [TestCase("name pr and not (name.middleName pr)", true)]
    [TestCase("groups pr", false)]
    public void Matches_FollowsTheOperatorSemantics(string filter, bool expected) =>
        Assert.That(Matches(filter), Is.EqualTo(expected));
}
