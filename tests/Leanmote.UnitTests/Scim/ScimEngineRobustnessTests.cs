using System.Text;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Patching;
using Leanmote.Application.Scim.Projection;
using Leanmote.Application.Scim.Schema;
using NUnit.Framework;

namespace Leanmote.UnitTests.Scim;

/// <summary>
/// Bad input must come back as a SCIM error value, never as an exception (which would be a 500). Deterministic
/// pseudo-random inputs assembled from the grammar's own tokens, so they reach deep into the parser and the engine.
/// </summary>
[TestFixture]
public sealed class ScimEngineRobustnessTests
{
    private static readonly string[] FilterTokens =
    [
        "userName", "emails", "emails.value", "name.givenName", "active", "meta.created", "manager", "members", "groups",
        "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department",
        "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "and", "or", "not", "(", ")", "[", "]", ".", ".value",
        "\"x\"", "\"a\\\"b\"", "\"\\u00e9\"", "\"\\u12\"", "\"unterminated", "true", "false", "null", "42", "-1.5e3", "bareword",
        "2026-02-01T08:00:00.123Z", "\"2026-02-01T08:00:00.1234567890Z\"", "type", "value", "primary", " ", "  ", "\\", "\"", "+",
    ];

    private static string RandomFilter(Random random)
    {
        var sb = new StringBuilder();
        var count = random.Next(1, 16);
        for (var i = 0; i < count; i++)
        {
            sb.Append(FilterTokens[random.Next(FilterTokens.Length)]);
            if (random.Next(4) != 0)
                sb.Append(' ');
        }
        return sb.ToString();
    }

    [Test]
    public void Parse_RandomTokenSoup_NeverThrows()
    {
        var random = new Random(20261129);
        var parsed = 0;
        for (var i = 0; i < 20000; i++)
        {
            var filter = RandomFilter(random);
            foreach (var schema in new[] { ScimSchemas.User, ScimSchemas.Group })
            {
                ScimResult<FilterNode> result = default;
                Assert.DoesNotThrow(() => result = ScimFilterParser.Parse(filter, schema), filter);
                if (result.IsSuccess)
                {
                    parsed++;
                    Assert.DoesNotThrow(() => ScimFilterEvaluator.Matches(result.Value, new JsonObject { ["userName"] = "x", ["active"] = true }), filter);
                }
                else
                {
                    Assert.That(result.Error!.ScimType, Is.EqualTo("invalidFilter"), filter);
                }
            }
        }
        Assert.That(parsed, Is.GreaterThan(20), "the soup should also produce valid filters");
    }

    private static readonly string[] Paths =
    [
        "userName", "active", "emails", "emails[type eq \"work\"].value", "emails[type eq \"work\"]", "members", "members[value eq \"usr_1\"]",
        "manager", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "name", "name.givenName", "roles", "groups", "id", "meta",
        "password", "phoneNumbers[primary eq true].value", "nope", "emails[", "", "displayName", "externalId", "addresses",
    ];

    private static readonly string[] Values =
    [
        "null", "\"\"", "[]", "{}", "true", "\"False\"", "42", "\"usr_5\"", "[\"usr_5\"]", "[{\"value\":\"usr_5\"}]", "{\"value\":\"a@b.c\",\"type\":\"work\",\"primary\":true}",
        "[{\"value\":5}]", "{\"givenName\":\"A\"}", "[[1]]", "{\"active\":\"yes\"}", "{\"displayName\":\"x\",\"id\":\"usr_5\"}", "[{\"value\":\"owner\"}]",
        "{\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\":\"usr_1\"}", "[{\"type\":\"Group\",\"value\":\"team_1\"}]",
    ];

    [Test]
    public void Patch_RandomOperations_NeverThrowAndNeverTouchTheInput()
    {
        var random = new Random(4242);
        var user = JsonNode.Parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"usr_5","userName":"ada@example.com","active":true,
             "emails":[{"value":"a@x.io","type":"work","primary":true}],"roles":[{"value":"admin","display":"Admin","primary":true}]}
            """)!.AsObject();
        var group = JsonNode.Parse("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"team_1","displayName":"Core","members":[{"value":"usr_1"}]}""")!.AsObject();
        var ops = new[] { "add", "Replace", "REMOVE", "copy" };
        for (var i = 0; i < 5000; i++)
        {
            var operations = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
            {
                var parts = new List<string> { $"\"op\":\"{ops[random.Next(ops.Length)]}\"" };
                if (random.Next(5) != 0)
                    parts.Add($"\"path\":{System.Text.Json.JsonSerializer.Serialize(Paths[random.Next(Paths.Length)])}");
                if (random.Next(5) != 0)
                    parts.Add($"\"value\":{Values[random.Next(Values.Length)]}");
                return "{" + string.Join(",", parts) + "}";
            });
            var body = JsonNode.Parse("{\"Operations\":[" + string.Join(",", operations) + "]}");
            foreach (var (resource, schema) in new[] { (user, ScimSchemas.User), (group, ScimSchemas.Group) })
            {
                var before = resource.ToJsonString();
                Assert.DoesNotThrow(() => ScimPatcher.Apply(resource, body, schema), body!.ToJsonString());
                Assert.That(resource.ToJsonString(), Is.EqualTo(before));
            }
        }
    }

    [Test]
    public void Projection_AnyNames_NeverThrow()
    {
        var random = new Random(7);
        var user = JsonNode.Parse("""{"schemas":[],"id":"usr_5","userName":"a","name":{"givenName":"A"},"emails":[{"value":"a"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"d"}}""")!.AsObject();
        for (var i = 0; i < 2000; i++)
        {
            var names = string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Paths[random.Next(Paths.Length)]));
            Assert.DoesNotThrow(() => ScimProjection.Parse(ScimSchemas.User, random.Next(2) == 0 ? names : null, names).Apply(user), names);
        }
    }
}
