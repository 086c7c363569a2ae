using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Api.Hosting;
using Leanmote.Api.Http;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.UnitTests.Api;

[TestFixture]
public sealed class FieldProjectionTests
{
    private static JsonNode Item(int id) => JsonNode.Parse($$"""{"id":"team_{{id}}","name":"n{{id}}","author":{"name":"a","email":"e"},"tags":[{"k":1,"v":2}],"gone":null}""")!;

    [Test]
    public void Project_Object_KeepsOnlyNamedFieldsInRequestOrder() =>
        Assert.That(FieldProjection.Project(Item(1), ["name", "id"])!.ToJsonString(), Is.EqualTo("""{"name":"n1","id":"team_1"}"""));

    [Test]
    public void Project_DotPath_KeepsNestedSubset() =>
        Assert.That(FieldProjection.Project(Item(1), ["id", "author.email"])!.ToJsonString(), Is.EqualTo("""{"id":"team_1","author":{"email":"e"}}"""));

    [Test]
    public void Project_ParentAndChild_KeepsWholeParent() =>
        Assert.That(FieldProjection.Project(Item(1), ["author.email", "author"])!.ToJsonString(), Is.EqualTo("""{"author":{"name":"a","email":"e"}}"""));

    [Test]
    public void Project_WholeParentThenChild_StaysWhole() =>
        Assert.That(FieldProjection.Project(Item(1), ["author", "author.email"])!.ToJsonString(), Is.EqualTo("""{"author":{"name":"a","email":"e"}}"""));

    [Test]
    public void Project_ArrayOfObjects_ProjectsEachItem() =>
        Assert.That(FieldProjection.Project(new JsonArray(Item(1), Item(2)), ["id"])!.ToJsonString(), Is.EqualTo("""[{"id":"team_1"},{"id":"team_2"}]"""));

    [Test]
    public void Project_DotPathIntoArray_ProjectsItsItems() =>
        Assert.That(FieldProjection.Project(Item(1), ["tags.v"])!.ToJsonString(), Is.EqualTo("""{"tags":[{"v":2}]}"""));

    [Test]
    public void Project_NullValue_IsKeptAsNull() =>
        Assert.That(FieldProjection.Project(Item(1), ["gone"])!.ToJsonString(), Is.EqualTo("""{"gone":null}"""));

    [Test]
    public void Project_DoesNotMutateTheSource()
    {
        var source = Item(1);
        var before = source.ToJsonString();
        FieldProjection.Project(source, ["id"]);
        Assert.That(source.ToJsonString(), Is.EqualTo(before));
    }
}

[TestFixture]
public sealed class RequestIdTests
{
    [TestCase("abc", true)]
    [TestCase("A-b_c.9", true)]
    [TestCase("x", true)]
    [TestCase("", false)]
    [TestCase(null, false)]
    [TestCase("has space", false)]
    [TestCase("new\nline", false)]
    [TestCase("caf\u00e9", false)]
    [TestCase("a/b", false)]
    [TestCase("<script>", false)]
    public void IsAcceptable_Value_MatchesTheAllowedAlphabet(string? value, bool expected) =>
        Assert.That(RequestIdMiddleware.IsAcceptable(value), Is.EqualTo(expected));

    [TestCase(64, true)]
    [TestCase(65, false)]
    public void IsAcceptable_Length_IsAtMost64(int length, bool expected) =>
        Assert.That(RequestIdMiddleware.IsAcceptable(new string('a', length)), Is.EqualTo(expected));
}

[TestFixture]
public sealed class HostSettingsTests
{
    [Test]
    public void FromUrl_FullUrl_MapsEveryPart()
    {
        var builder = new NpgsqlConnectionStringBuilder(HostSettings.FromUrl("postgres://bob:s%40cret@db.example.com:6543/lean%20mote"));
        Assert.That((builder.Host, builder.Port, builder.Database, builder.Username, builder.Password),
            Is.EqualTo(("db.example.com", 6543, "lean mote", "bob", "s@cret")));
    }

    [Test]
    public void FromUrl_NoPortNoPassword_DefaultsTo5432()
    {
        var builder = new NpgsqlConnectionStringBuilder(HostSettings.FromUrl("postgresql://alice@localhost/leanmote"));
        Assert.That((builder.Host, builder.Port, builder.Database, builder.Username, builder.Password),
            Is.EqualTo(("localhost", 5432, "leanmote", "alice", (string?)null)));
    }

    [Test]
    public void FromUrl_QueryOptions_AreAllKept()
    {
        var builder = new NpgsqlConnectionStringBuilder(HostSettings.FromUrl(
            "postgres://u:p@db.example.com/leanmote?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=7&application_name=lm%20api"
            + "&target_session_attrs=read-write&Maximum%20Pool%20Size=40"));

        Assert.Multiple(() =>
        {
            Assert.That(builder.SslMode, Is.EqualTo(SslMode.VerifyFull));
            Assert.That(builder.RootCertificate, Is.EqualTo("/etc/ca.pem"));
            Assert.That(builder.Timeout, Is.EqualTo(7));
            Assert.That(builder.ApplicationName, Is.EqualTo("lm api"));
            Assert.That(builder.TargetSessionAttributes, Is.EqualTo("read-write"));
            Assert.That(builder.MaxPoolSize, Is.EqualTo(40));
        });
    }

    [TestCase("postgres://u@h/d?sslmod=require", "sslmod")]
    [TestCase("postgres://u@h/d?sslmode=sometimes", "sslmode")]
    [TestCase("postgres://u@h/d?connect_timeout=soon", "connect_timeout")]
    public void FromUrl_UnknownOrInvalidOption_IsRefusedNamingIt(string url, string option) =>
        Assert.That(() => HostSettings.FromUrl(url), Throws.TypeOf<MisconfigurationException>().With.Message.Contains($"'{option}'"));

    [Test]
    public void FromUrl_PasswordWithColon_KeepsEverythingAfterTheFirstColon() =>
        Assert.That(new NpgsqlConnectionStringBuilder(HostSettings.FromUrl("postgres://u:a%3Ab:c@h/d")).Password, Is.EqualTo("a:b:c"));
}

[TestFixture]
public sealed class JsonSetupTests
{
    private enum Kind { SourceControl, Other }

    private sealed record Probe(TeamId Id, UserId? Owner, DateTimeOffset At, DateTimeOffset? Maybe, Kind Kind, OrganizationRole Role, string? Note);

    private static string Write(object value) => JsonSerializer.Serialize(value, JsonSetup.Options);

    [Test]
    public void Serialize_Record_UsesContractSpelling()
    {
        var json = Write(new Probe(new TeamId(7), null, new DateTimeOffset(2026, 2, 1, 9, 0, 0, TimeSpan.FromHours(1)), null, Kind.SourceControl, OrganizationRole.Admin, null));
        Assert.That(json, Is.EqualTo("""{"id":"team_7","owner":null,"at":"2026-02-01T08:00:00Z","maybe":null,"kind":"source_control","role":"admin","note":null}"""));
    }

    [TestCase(0, "2026-02-01T08:00:00Z")]
    [TestCase(1_000_000, "2026-02-01T08:00:00.1Z")]
    [TestCase(1_234_560, "2026-02-01T08:00:00.123456Z")]
    [TestCase(1_230_000, "2026-02-01T08:00:00.123Z")]
    public void Serialize_Instant_IsUtcZWithoutTrailingZeros(long ticks, string expected) =>
        Assert.That(Write(new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(ticks)), Is.EqualTo($"\"{expected}\""));

    [Test]
    public void Serialize_NullableId_WritesTypedId() =>
        Assert.That(Write(new UserId?(new UserId(12))), Is.EqualTo("\"usr_12\""));

    [Test]
    public void Deserialize_TypedId_ParsesPrefixedString() =>
        Assert.That(JsonSerializer.Deserialize<TeamId>("\"team_42\"", JsonSetup.Options), Is.EqualTo(new TeamId(42)));

    [TestCase("\"usr_42\"")]
    [TestCase("\"team_042\"")]
    [TestCase("42")]
    public void Deserialize_MalformedTypedId_Throws(string json) =>
        Assert.That(() => JsonSerializer.Deserialize<TeamId>(json, JsonSetup.Options), Throws.TypeOf<JsonException>());

    [Test]
    public void Deserialize_InstantWithOffset_IsUtc()
    {
        var at = JsonSerializer.Deserialize<DateTimeOffset>("\"2026-02-01T10:00:00+02:00\"", JsonSetup.Options);
        Assert.That((at, at.Offset), Is.EqualTo((new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero), TimeSpan.Zero)));
    }

    [Test]
    public void Deserialize_IntegerEnum_IsRejected() =>
        Assert.That(() => JsonSerializer.Deserialize<OrganizationRole>("1", JsonSetup.Options), Throws.TypeOf<JsonException>());
}

[TestFixture]
public sealed class PublicIdTests
{
    [TestCase("team_7", 7L)]
    [TestCase("team_9223372036854775807", long.MaxValue)]
    public void TryParse_Valid_ReturnsValue(string text, long expected)
    {
        Assert.That(PublicId.TryParse<TeamId>(text, out var id), Is.True);
        Assert.That(id.Value, Is.EqualTo(expected));
    }

    [TestCase("team_9223372036854775808")]
    [TestCase("team_0")]
    [TestCase("team_07")]
    [TestCase("team_-1")]
    [TestCase("team_+1")]
    [TestCase("team_")]
    [TestCase("team7")]
    [TestCase("usr_7")]
    [TestCase("Team_7")]
    [TestCase("team_7a")]
    [TestCase("team_\u0661")]
    [TestCase(" team_7")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_Malformed_Fails(string? text) =>
        Assert.That(PublicId.TryParse<TeamId>(text, out _), Is.False);

    [Test]
    public void Parse_Malformed_ThrowsFormatException() =>
        Assert.That(() => PublicId.Parse<UserId>("team_1"), Throws.TypeOf<FormatException>());

    [Test]
    public void Format_RoundTripsThroughParse() =>
        Assert.That(PublicId.Parse<OrganizationId>(new OrganizationId(123).ToString()), Is.EqualTo(new OrganizationId(123)));

    [Test]
    public void ApiToken_Generate_IsUrlSafeAndLong()
    {
        var token = ApiToken.Generate();
        Assert.That(token, Does.Match("^lm_[A-Za-z0-9_-]{43}$"));
    }

    [Test]
    public void ApiToken_Hash_IsLowerHexSha256OfTokenPlusSalt() =>
        Assert.That(ApiToken.Hash("ab", "c"), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}
