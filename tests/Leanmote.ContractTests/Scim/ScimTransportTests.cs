using System.Net.Http.Headers;
using System.Text;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>scim.md §2 and §6.6–6.7: routing, media types, bodies, discovery, unsupported endpoints — always SCIM errors.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimTransportTests : ContractTest
{
    private ScimTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task CreateTenant()
    {
        _tenant = await ScimTenant.CreateAsync(Target.Host!);
        await Scim.CreateUserAsync(Api, _tenant, "second-member@example.com");
    }

    [TestCase("/ServiceProviderConfig")]
    [TestCase("/serviceproviderconfig")]
    [TestCase("/ServiceProviderConfig/")]
    public async Task ServiceProviderConfig_NeedsNoToken(string path)
    {
        var response = await Scim.GetAsync(Api, path, null);
        var json = Scim.Expect(response, 200);
        Assert.That(json.GetProperty("patch").GetProperty("supported").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("bulk").GetProperty("supported").GetBoolean(), Is.False);
        Assert.That(json.GetProperty("filter").GetProperty("maxResults").GetInt32(), Is.EqualTo(1000));
        Assert.That(json.GetProperty("etag").GetProperty("supported").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("authenticationSchemes")[0].GetProperty("type").GetString(), Is.EqualTo("oauthbearertoken"));
        Assert.That(response.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [Test]
    public async Task Discovery_IgnoresAnInvalidToken()
    {
        Scim.Expect(await Scim.GetAsync(Api, "/ResourceTypes", "lmscim_nonsense"), 200);
    }

    [Test]
    public async Task ResourceTypes_ListUserAndGroup()
    {
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/ResourceTypes", null), 2);
        Assert.That(Scim.Ids(list), Is.EqualTo(new[] { "User", "Group" }));
        var user = Scim.Expect(await Scim.GetAsync(Api, "/ResourceTypes/User", null), 200);
        Assert.That(user.GetProperty("schemaExtensions")[0].GetProperty("schema").GetString(), Is.EqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        Scim.ExpectError(await Scim.GetAsync(Api, "/ResourceTypes/Widget", null), 404);
    }

    [Test]
    public async Task Schemas_ListExactlyThreeAndDescribeUserName()
    {
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Schemas", null), 3);
        Assert.That(Scim.Ids(list), Is.EquivalentTo(new[]
        {
            "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        }));
        var user = Scim.Expect(await Scim.GetAsync(Api, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", null), 200);
        var userName = user.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "userName");
        Assert.That(userName.GetProperty("required").GetBoolean(), Is.True);
        Assert.That(userName.GetProperty("caseExact").GetBoolean(), Is.False);
        Assert.That(userName.GetProperty("uniqueness").GetString(), Is.EqualTo("server"));
        var password = user.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "password");
        Assert.That(password.GetProperty("mutability").GetString(), Is.EqualTo("writeOnly"));
        Assert.That(password.GetProperty("returned").GetString(), Is.EqualTo("never"));
        Scim.ExpectError(await Scim.GetAsync(Api, "/Schemas/urn:nope", null), 404);
    }

    [TestCase("/Bulk", "POST")]
    [TestCase("/Me", "GET")]
    [TestCase("/.search", "POST")]
    public async Task Unsupported_Is501(string path, string method)
    {
        var response = await Scim.SendAsync(Api, new HttpMethod(method), path, _tenant.ScimToken, method == "POST" ? "{}" : null);
        Scim.ExpectError(response, 501);
    }

    [TestCase("/Widgets")]
    [TestCase("/Users/usr_1/extra")]
    [TestCase("")]
    public async Task UnknownPath_Is404(string path)
    {
        Scim.ExpectError(await Scim.GetAsync(Api, path, _tenant.ScimToken), 404);
    }

    [TestCase("DELETE", "/Users", "GET, POST")]
    [TestCase("PUT", "/ServiceProviderConfig", "GET")]
    [TestCase("POST", "/Schemas", "GET")]
    [TestCase("GET", "/Users/.search", "POST")]
    public async Task WrongMethod_Is405WithAllow(string method, string path, string allow)
    {
        var response = await Scim.SendAsync(Api, new HttpMethod(method), path, _tenant.ScimToken, method is "POST" or "PUT" ? "{}" : null);
        Scim.ExpectError(response, 405);
        Assert.That(string.Join(", ", response.ContentHeaders.Allow), Is.EqualTo(allow));
    }

    [Test]
    public async Task ResourceSegments_AreCaseInsensitive_AndOneTrailingSlashIsIgnored()
    {
        Scim.Expect(await Scim.GetAsync(Api, "/users/", _tenant.ScimToken), 200);
        Scim.Expect(await Scim.GetAsync(Api, $"/USERS/{_tenant.AdminPublicId}/", _tenant.ScimToken), 200);
        Scim.ExpectError(await Scim.GetAsync(Api, $"/Users/{_tenant.AdminPublicId.ToUpperInvariant()}", _tenant.ScimToken), 404);
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task UnsupportedContentType_Is415_AndNothingChanges(string contentType)
    {
        var response = await Scim.SendAsync(Api, HttpMethod.Post, "/Users", _tenant.ScimToken, Scim.UserBody("ct415@example.com"), contentType);
        Scim.ExpectError(response, 415);
        Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("userName eq \"ct415@example.com\""), _tenant.ScimToken), 0);
    }

    [TestCase("application/json")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("")]
    public async Task JsonOrMissingContentType_IsAccepted(string contentType)
    {
        var name = $"ct-{Guid.NewGuid():N}@example.com";
        Scim.Expect(await Scim.SendAsync(Api, HttpMethod.Post, "/Users", _tenant.ScimToken, Scim.UserBody(name), contentType), 201);
    }

    [Test]
    public async Task AcceptOnlyXml_Is406()
    {
        var response = await Scim.SendAsync(Api, HttpMethod.Get, "/Users", _tenant.ScimToken,
            configure: r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml")));
        Scim.ExpectError(response, 406);
    }

    [TestCase("{not json", "invalidSyntax")]
    [TestCase("[{\"userName\":\"a\"}]", "invalidSyntax")]
    [TestCase("\"userName\"", "invalidSyntax")]
    [TestCase("{\"userName\":\"dup@example.com\",\"USERNAME\":\"other@example.com\"}", "invalidSyntax")]
    public async Task MalformedBody_Is400InvalidSyntax(string body, string scimType)
    {
        Scim.ExpectError(await Scim.PostAsync(Api, "/Users", _tenant.ScimToken, body), 400, scimType);
    }

    [Test]
    public async Task BodyNestedDeeperThan32_Is400()
    {
        var body = "{\"userName\":\"deep@example.com\",\"x\":" + new string('[', 40) + new string(']', 40) + "}";
        Scim.ExpectError(await Scim.PostAsync(Api, "/Users", _tenant.ScimToken, body), 400, "invalidSyntax");
    }

    [Test]
    public async Task InvalidUtf8_Is400()
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"userName\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/scim+json");
        Scim.ExpectError(await Api.SendAsync(HttpMethod.Post, "/scim/v2/Users", _tenant.ScimToken, content), 400, "invalidSyntax");
    }

    [Test]
    public async Task BodyOver1MiB_Is413()
    {
        var body = Scim.UserBody("big@example.com", $",\"nickName\":\"{new string('x', 1_100_000)}\"");
        // Expect: 100-continue, as a careful client uploading a large body does: the 413 comes from the Content-Length
        // alone, before a byte of the body is read (see CrossCuttingTests.Body_Over1MiB_Is413AndServiceKeepsServing).
        var response = await Scim.SendAsync(Api, HttpMethod.Post, "/Users", _tenant.ScimToken, body, configure: r => r.Headers.ExpectContinue = true);
        Scim.ExpectError(response, 413);
        Scim.Expect(await Scim.GetAsync(Api, "/Users?count=1", _tenant.ScimToken), 200);
    }

    [Test]
    public async Task SchemasWithoutCoreUrn_Is400InvalidSyntax()
    {
        var body = """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"wrongschema@example.com"}""";
        Scim.ExpectError(await Scim.PostAsync(Api, "/Users", _tenant.ScimToken, body), 400, "invalidSyntax");
    }

    [Test]
    public async Task QueryParameterNames_AreCaseInsensitive_AndUnknownOnesIgnored()
    {
        var list = Scim.Expect(await Scim.GetAsync(Api, "/Users?STARTINDEX=2&Count=1&aadOptscim062020", _tenant.ScimToken), 200);
        Assert.That(list.GetProperty("itemsPerPage").GetInt32(), Is.EqualTo(1));
        Assert.That(list.GetProperty("startIndex").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task ParameterTwiceWithDifferentValues_Is400InvalidValue()
    {
        Scim.ExpectError(await Scim.GetAsync(Api, "/Users?count=1&count=2", _tenant.ScimToken), 400, "invalidValue");
    }

    [TestCase("count=abc")]
    [TestCase("startIndex=1.5")]
    [TestCase("sortBy=password")]
    [TestCase("sortBy=userName&sortOrder=sideways")]
    public async Task BadPagingOrSorting_Is400InvalidValue(string query)
    {
        Scim.ExpectError(await Scim.GetAsync(Api, "/Users?" + query, _tenant.ScimToken), 400, "invalidValue");
    }

    [Test]
    public async Task RequestId_IsEchoed()
    {
        var response = await Scim.SendAsync(Api, HttpMethod.Get, "/Users", _tenant.ScimToken, configure: r => r.Headers.Add("X-Request-Id", "scim-trace-1"));
        Assert.That(response.Header("X-Request-Id"), Is.EqualTo("scim-trace-1"));
    }
}
