using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>rest-api.md §3 "Admin credential endpoints".</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class CredentialsTests : ContractTest
{
    private static readonly string[] ListedFields = ["id", "token_preview", "is_active", "expires_at", "last_used_at", "created_at"];
    private static readonly string[] CreatedFields = ["id", "token", "token_preview", "expires_at", "created_at"];

    private static string Path(Person user) => $"/v1/admin/users/{user.PublicId}/api-credentials";

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> CreateAsync(string callerToken, Person user, string body = "{}")
    {
        var response = await Api.PostJsonAsync(Path(user), callerToken, body);
        return EnvelopeAssert.Single(response, 201);
    }

    [Test]
    public async Task Post_ByAdminForMember_Is201WithTokenShownOnce()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var data = await CreateAsync(Data.AliceToken, Data.Carol);

        Assert.That(EnvelopeAssert.Names(data), Is.EquivalentTo(CreatedFields));
        var token = data.GetProperty("token").GetString()!;
        Assert.That(token, Has.Length.GreaterThanOrEqualTo(22), "at least 128 bits of entropy");
        Assert.That(data.GetProperty("id").GetString(), Does.Match("^cred_[0-9]+$"));
        Assert.That(data.GetProperty("token_preview").GetString(), Is.EqualTo(token[..5]));
        Assert.That(data.GetProperty("expires_at").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var created = data.GetProperty("created_at").GetDateTimeOffset();
        Assert.That(created, Is.InRange(before, DateTimeOffset.UtcNow.AddSeconds(5)));
        Assert.That(data.GetProperty("created_at").GetString(), Does.EndWith("Z"));
    }

    [Test]
    public async Task Post_NewToken_WorksImmediately()
    {
        var token = (await CreateAsync(Data.AliceToken, Data.Carol)).GetProperty("token").GetString()!;

        var items = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", token));

        Assert.That(items.Select(i => i.GetProperty("id").GetString()), Is.EqualTo(new[] { Data.Acme.PublicId }), "runs as Carol");
    }

    [Test]
    public async Task Post_WithFutureExpiry_EchoesExpiresAt()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(30);
        var expiresText = Iso(expires);

        var data = await CreateAsync(Data.AliceToken, Data.Bob, $$"""{"expires_at":"{{expiresText}}"}""");

        Assert.That(data.GetProperty("expires_at").GetString(), Is.EqualTo(expiresText));
        var token = data.GetProperty("token").GetString()!;
        Assert.That((await Api.GetAsync("/v1/organizations", token)).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Post_WithOffsetExpiry_IsStoredAsUtc()
    {
        var data = await CreateAsync(Data.AliceToken, Data.Bob, """{"expires_at":"2099-06-01T12:00:00+02:00"}""");

        Assert.That(data.GetProperty("expires_at").GetString(), Is.EqualTo("2099-06-01T10:00:00Z"));
    }

    [Test]
    public async Task Post_EmptyBody_CreatesTokenWithoutExpiry()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Path(Data.Carol), Data.CarolToken);

        var data = EnvelopeAssert.Single(response, 201);
        Assert.That(data.GetProperty("expires_at").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Post_NullExpiry_CreatesTokenWithoutExpiry()
    {
        var data = await CreateAsync(Data.CarolToken, Data.Carol, """{"expires_at":null}""");

        Assert.That(data.GetProperty("expires_at").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task List_NeverShowsTheTokenOrItsHash()
    {
        var created = await CreateAsync(Data.AliceToken, Data.Carol);
        var token = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("id").GetString()!;

        var response = await Api.GetAsync(Path(Data.Carol), Data.AliceToken);

        var items = EnvelopeAssert.List(response);
        Assert.That(response.Body, Does.Not.Contain(token));
        Assert.That(response.Body, Does.Not.Contain("token_hash").And.Not.Contain("\"token\""));
        Assert.That(items.Select(EnvelopeAssert.Names), Is.All.EquivalentTo(ListedFields));
        var listed = items.Single(i => i.GetProperty("id").GetString() == id);
        Assert.That(listed.GetProperty("token_preview").GetString(), Is.EqualTo(token[..5]));
        Assert.That(listed.GetProperty("is_active").GetBoolean(), Is.True);
        Assert.That(listed.GetProperty("created_at").GetString(), Is.EqualTo(created.GetProperty("created_at").GetString()));
    }

    [Test]
    public async Task List_AfterUse_ShowsLastUsedAt()
    {
        var created = await CreateAsync(Data.AliceToken, Data.Frank);
        var token = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        Assert.That((await Api.GetAsync("/v1/organizations", token)).StatusCode, Is.EqualTo(200));

        var items = EnvelopeAssert.List(await Api.GetAsync(Path(Data.Frank) + "?is_active=true", Data.AliceToken));

        var listed = items.Single(i => i.GetProperty("id").GetString() == id);
        Assert.That(listed.GetProperty("last_used_at").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Test]
    public async Task List_IsANormalListWithMeta()
    {
        var response = await Api.GetAsync(Path(Data.Carol) + "?per_page=1&sort=created_at&order=asc", Data.CarolToken);

        var items = EnvelopeAssert.List(response);
        Assert.That(items, Has.Length.EqualTo(1));
        var meta = EnvelopeAssert.Meta(response);
        Assert.That((meta.Page, meta.PerPage, meta.Sort, meta.Order), Is.EqualTo((1, 1, "created_at", "asc")));
        Assert.That(meta.Total, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Self_CollaboratorManagesOwnTokens_IsAllowed()
    {
        var created = await CreateAsync(Data.CarolToken, Data.Carol);
        var id = created.GetProperty("id").GetString()!;

        var listed = EnvelopeAssert.List(await Api.GetAsync(Path(Data.Carol), Data.CarolToken));
        Assert.That(listed.Select(i => i.GetProperty("id").GetString()), Does.Contain(id));

        var deleted = await Api.DeleteAsync($"{Path(Data.Carol)}/{id}", Data.CarolToken);
        Assert.That(deleted.StatusCode, Is.EqualTo(204), deleted.ToString());
    }

    [Test]
    public async Task Self_UserWithoutOrganizations_ListsOwnTokens()
    {
        var items = EnvelopeAssert.List(await Api.GetAsync(Path(Data.Zed), Data.ZedToken));

        Assert.That(items, Is.Not.Empty);
    }

    [Test]
    public async Task OtherOrganizationsAdmin_ForSharedMember_IsAllowed()
    {
        // Gina administers Globex, which Dave belongs to (as well as Acme).
        var response = await Api.GetAsync(Path(Data.Dave), Data.GinaToken);

        EnvelopeAssert.List(response);
    }

    [Test]
    public async Task Manager_ForSomeoneElse_Is403()
    {
        EnvelopeAssert.Error(await Api.GetAsync(Path(Data.Carol), Data.BobToken), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Api.PostJsonAsync(Path(Data.Carol), Data.BobToken, "{}"), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Collaborator_ForAdmin_Is403()
    {
        EnvelopeAssert.Error(await Api.GetAsync(Path(Data.Alice), Data.CarolToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Admin_ForUserOfOtherOrganization_Is403()
    {
        EnvelopeAssert.Error(await Api.GetAsync(Path(Data.Hank), Data.AliceToken), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Api.GetAsync(Path(Data.Carol), Data.GinaToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Admin_ForUserWithoutOrganizations_Is403()
    {
        EnvelopeAssert.Error(await Api.GetAsync(Path(Data.Zed), Data.AliceToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Admin_DeleteOtherOrganizationsCredential_Is403AndTokenKeepsWorking()
    {
        var created = await CreateAsync(Data.GinaToken, Data.Hank);
        var id = created.GetProperty("id").GetString()!;

        EnvelopeAssert.Error(await Api.DeleteAsync($"{Path(Data.Hank)}/{id}", Data.AliceToken), 403, "FORBIDDEN");

        Assert.That((await Api.GetAsync("/v1/organizations", created.GetProperty("token").GetString())).StatusCode, Is.EqualTo(200));
    }

    [TestCase("usr_999999", TestName = "User_Nonexistent_Is404")]
    [TestCase("org_1", TestName = "User_WrongPrefix_Is404")]
    [TestCase("usr_x", TestName = "User_Unparseable_Is404")]
    public async Task User_Unknown_Is404(string userId)
    {
        EnvelopeAssert.Error(await Api.GetAsync($"/v1/admin/users/{userId}/api-credentials", Data.AliceToken), 404, "NOT_FOUND");
        EnvelopeAssert.Error(await Api.PostJsonAsync($"/v1/admin/users/{userId}/api-credentials", Data.AliceToken, "{}"), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Post_ExpiryInThePast_Is400()
    {
        var past = Iso(DateTimeOffset.UtcNow.AddMinutes(-1));

        var response = await Api.PostJsonAsync(Path(Data.Carol), Data.AliceToken, $$"""{"expires_at":"{{past}}"}""");

        var message = EnvelopeAssert.Validation(response, "expires_at");
        Assert.That(message, Does.Contain("future"));
    }

    [TestCase("\"garbage\"")]
    [TestCase("\"2027-13-45T00:00:00Z\"")]
    [TestCase("\"2099-01-01\"")]
    [TestCase("\"2099-01-01T00:00:00\"")]
    [TestCase("12345")]
    [TestCase("true")]
    [TestCase("{}")]
    public async Task Post_ExpiryGarbage_Is400(string value)
    {
        var response = await Api.PostJsonAsync(Path(Data.Carol), Data.AliceToken, "{\"expires_at\":" + value + "}");

        var message = EnvelopeAssert.Validation(response, "expires_at");
        var details = response.Json.GetProperty("error").GetProperty("details");
        Assert.That(details.GetArrayLength(), Is.EqualTo(1), "a value that is not a timestamp gets one complaint, not also 'must be in the future'");
        Assert.That(message, Does.Not.Contain("future"));
    }

    [Test]
    public async Task Post_TextPlainBody_Is415()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Path(Data.Carol), Data.AliceToken,
            new StringContent("""{"expires_at":null}""", Encoding.UTF8, "text/plain"));

        EnvelopeAssert.Error(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Test]
    public async Task Post_FormBody_Is415()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Path(Data.Carol), Data.AliceToken,
            new FormUrlEncodedContent([new KeyValuePair<string, string>("expires_at", "2099-01-01T00:00:00Z")]));

        EnvelopeAssert.Error(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    [TestCase("{")]
    [TestCase("{\"expires_at\":}")]
    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("\"string\"")]
    [TestCase("{\"expires_at\":null,}")]
    public async Task Post_MalformedJson_Is400(string body)
    {
        var response = await Api.PostJsonAsync(Path(Data.Carol), Data.AliceToken, body);

        EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
    }

    [TestCase("{\"expires_at\": ")]
    [TestCase("{\"expires_at\":\"2099-01-01T00:00:00Z\",}")]
    [TestCase("{\"expires_at\":\"2099-01-01T00:00:00Z\"")]
    public async Task Post_TruncatedOrBrokenJson_Is400SayingTheBodyIsNotJson(string body)
    {
        var response = await Api.PostJsonAsync(Path(Data.Carol), Data.AliceToken, body);

        Assert.That(EnvelopeAssert.Validation(response, "body"), Does.Contain("not valid JSON"));
    }

    [Test]
    public async Task Post_WrongTypeForAField_Is400NamingTheField()
    {
        var response = await Api.PostJsonAsync(Path(Data.Carol), Data.AliceToken, """{"expires_at": {"not": "a date"}}""");

        EnvelopeAssert.Validation(response, "expires_at");
    }

    [Test]
    public async Task Post_UnknownBodyField_Is400NamingIt()
    {
        var response = await Api.PostJsonAsync(Path(Data.Carol), Data.AliceToken, """{"expires_at":null,"scope":"admin"}""");

        EnvelopeAssert.Validation(response, "scope");
    }

    [Test]
    public async Task Post_QueryParameter_Is400()
    {
        var response = await Api.PostJsonAsync(Path(Data.Carol) + "?debug=1", Data.AliceToken, "{}");

        EnvelopeAssert.Validation(response, "debug");
    }

    [Test]
    public async Task Post_BodyOver1MiB_Is413()
    {
        var body = "{\"expires_at\":\"" + new string('a', 1024 * 1024) + "\"}";

        var response = await Api.SendAsync(HttpMethod.Post, Path(Data.Carol), Data.AliceToken, new StringContent(body, Encoding.UTF8, "application/json"),
            r => r.Headers.ExpectContinue = true);   // see CrossCuttingTests.Body_Over1MiB_Is413AndServiceKeepsServing

        EnvelopeAssert.Error(response, 413, "PAYLOAD_TOO_LARGE");
    }

    [Test]
    public async Task Delete_Twice_Is204BothTimesAndTokenStopsWorking()
    {
        var created = await CreateAsync(Data.AliceToken, Data.Carol);
        var token = created.GetProperty("token").GetString()!;
        var path = $"{Path(Data.Carol)}/{created.GetProperty("id").GetString()}";
        Assert.That((await Api.GetAsync("/v1/organizations", token)).StatusCode, Is.EqualTo(200));

        var first = await Api.DeleteAsync(path, Data.AliceToken);
        var second = await Api.DeleteAsync(path, Data.AliceToken);

        Assert.That(first.StatusCode, Is.EqualTo(204), first.ToString());
        Assert.That(first.Body, Is.Empty);
        Assert.That(second.StatusCode, Is.EqualTo(204), second.ToString());
        var after = await Api.GetAsync("/v1/organizations", token);
        EnvelopeAssert.Error(after, 401, "UNAUTHORIZED", "Authentication token is inactive");

        var listed = EnvelopeAssert.List(await Api.GetAsync(Path(Data.Carol) + "?is_active=false", Data.AliceToken));
        Assert.That(listed.Select(i => i.GetProperty("id").GetString()), Does.Contain(created.GetProperty("id").GetString()));
    }

    [TestCase("cred_999999", TestName = "Delete_UnknownCredential_Is404")]
    [TestCase("usr_1", TestName = "Delete_WrongPrefix_Is404")]
    [TestCase("cred_abc", TestName = "Delete_UnparseableCredential_Is404")]
    public async Task Delete_Unknown_Is404(string credentialId)
    {
        EnvelopeAssert.Error(await Api.DeleteAsync($"{Path(Data.Carol)}/{credentialId}", Data.AliceToken), 404, "NOT_FOUND");
    }

    [Test]
    public async Task Delete_CredentialOfAnotherUser_Is404AndKeepsIt()
    {
        var created = await CreateAsync(Data.AliceToken, Data.Bob);
        var token = created.GetProperty("token").GetString()!;

        // Carol's own path, Bob's credential id: not hers, so "not found", and Bob's token stays active.
        var response = await Api.DeleteAsync($"{Path(Data.Carol)}/{created.GetProperty("id").GetString()}", Data.CarolToken);

        EnvelopeAssert.Error(response, 404, "NOT_FOUND");
        Assert.That((await Api.GetAsync("/v1/organizations", token)).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Post_JsonWithCharset_IsAccepted()
    {
        var content = new StringContent("{}", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        EnvelopeAssert.Single(await Api.SendAsync(HttpMethod.Post, Path(Data.Carol), Data.CarolToken, content), 201);
    }
}
