using System.Net.Http.Headers;
using System.Text;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Metrics;

/// <summary>metrics.md §1.2, §2.1–§2.3 and §10.5 over HTTP: methods, organization resolution, strict parameters, POST bodies.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class MetricsRequestTests : ContractTest
{
    private const string Route = "/v1/metrics/dora/deployment_frequency";

    private static (string Field, string Message)[] Details(ApiResponse response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
        Assert.That(response.Header("X-Request-Id"), Is.Not.Null.And.Not.Empty);
        return [.. response.Json.GetProperty("error").GetProperty("details").EnumerateArray()
            .Select(d => (d.GetProperty("field").GetString()!, d.GetProperty("message").GetString()!))];
    }

    [Test]
    public async Task Get_RepeatedFilterAndPageOnAMetric_Are400NamingBoth() =>
        Assert.That(Details(await Api.GetAsync($"{Route}?team_ids=team_1&team_ids=team_2&page=2", Data.AliceToken)),
            Is.EquivalentTo(new[] { ("team_ids", "must be given at most once"), ("page", "unknown parameter") }));

    [Test]
    public async Task Get_CallerOfTwoOrganizations_MustNameOne()
    {
        Assert.That(Details(await Api.GetAsync(Route, Data.DaveToken)),
            Is.EqualTo(new[] { ("organization_id", "required: the caller belongs to more than one organization") }));
        var named = await Api.GetAsync($"{Route}?organization_id={Data.Globex.PublicId}", Data.DaveToken);
        Assert.That(named.StatusCode, Is.EqualTo(200), named.ToString());
        Assert.That(named.Json.GetProperty("meta").GetProperty("organization_id").GetString(), Is.EqualTo(Data.Globex.PublicId));
    }

    [Test]
    public async Task Get_OrganizationOfOthers_Is403_Unknown404_Malformed400()
    {
        Assert.That((await Api.GetAsync($"{Route}?organization_id={Data.Globex.PublicId}", Data.AliceToken)).StatusCode, Is.EqualTo(403));
        Assert.That((await Api.GetAsync($"{Route}?organization_id=org_987654321", Data.AliceToken)).StatusCode, Is.EqualTo(404));
        Assert.That(Details(await Api.GetAsync($"{Route}?organization_id=acme", Data.AliceToken)),
            Is.EqualTo(new[] { ("organization_id", "must be an id like org_123") }));
    }

    [Test]
    public async Task Get_WithoutToken_Is401()
    {
        var response = await Api.GetAsync(Route, null);
        Assert.That(response.StatusCode, Is.EqualTo(401));
        Assert.That(response.Header("WWW-Authenticate"), Is.EqualTo("Bearer"));
    }

    [TestCase("POST", Route, "GET")]
    [TestCase("DELETE", "/v1/metrics/dora-metrics", "GET, POST")]
    [TestCase("PUT", "/v1/metrics/context", "GET, POST")]
    [TestCase("HEAD", "/v1/metrics/dora", "GET")]
    public async Task OtherMethod_Is405WithAllow(string method, string path, string allow)
    {
        var response = await Api.SendAsync(new HttpMethod(method), path, Data.AliceToken);
        Assert.That(response.StatusCode, Is.EqualTo(405), response.ToString());
        Assert.That(response.Header("Allow")?.Split(',').Select(m => m.Trim()), Is.EqualTo(allow.Split(", ")));
    }

    [Test]
    public async Task Get_OneTrailingSlash_IsTolerated() =>
        Assert.That((await Api.GetAsync("/v1/metrics/dora/", Data.AliceToken)).StatusCode, Is.EqualTo(200));

    [Test]
    public async Task Post_EmptyBody_IsAllDefaults_AndEqualsGet()
    {
        var post = await Api.SendAsync(HttpMethod.Post, "/v1/metrics/dora-metrics?", Data.AliceToken);
        var get = await Api.GetAsync("/v1/metrics/dora-metrics", Data.AliceToken);
        Assert.That(post.StatusCode, Is.EqualTo(200), post.ToString());
        Assert.That(post.Json.GetProperty("meta").GetProperty("start_date").GetString(), Is.EqualTo(get.Json.GetProperty("meta").GetProperty("start_date").GetString()));
    }

    [Test]
    public async Task Post_NotJson_Is415_AndTooLarge_Is413()
    {
        var text = await Api.SendAsync(HttpMethod.Post, "/v1/metrics/dora-metrics", Data.AliceToken, new StringContent("team_ids=team_1", Encoding.UTF8, "text/plain"));
        Assert.That(text.StatusCode, Is.EqualTo(415), text.ToString());
        var large = await Api.PostJsonAsync("/v1/metrics/dora-metrics", Data.AliceToken, "{\"start_date\":\"" + new string('x', 70_000) + "\"}");
        Assert.That(large.StatusCode, Is.EqualTo(413), large.ToString());
        Assert.That(large.Json.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("PAYLOAD_TOO_LARGE"));
    }

    [Test]
    public async Task Post_BadBodies_Are400WithTheContractMessages()
    {
        Assert.That(Details(await Api.PostJsonAsync("/v1/metrics/dora-metrics", Data.AliceToken, "[]")), Is.EqualTo(new[] { ("body", "body must be a JSON object") }));
        Assert.That(Details(await Api.PostJsonAsync("/v1/metrics/dora-metrics", Data.AliceToken, """{"team_ids":"team_1","colour":"red"}""")),
            Is.EquivalentTo(new[] { ("team_ids", "must be an array of strings"), ("colour", "unknown parameter") }));
        Assert.That(Details(await Api.PostJsonAsync("/v1/metrics/dora-metrics?team_ids=team_1", Data.AliceToken, "{}")),
            Is.EqualTo(new[] { ("team_ids", "parameters of a POST go in the JSON body") }));
    }

    [Test]
    public async Task Payload_UnknownFamily_Is400ListingTheFamiliesThatExist()
    {
        var details = Details(await Api.GetAsync("/v1/metrics?families=flow", Data.AliceToken));
        Assert.That(details[0].Field, Is.EqualTo("families"));
        Assert.That(details[0].Message, Does.StartWith("must be one of: dora"));
    }

    [Test]
    public async Task Payload_OnlyTheRequestedFamilies()
    {
        var response = await Api.GetAsync("/v1/metrics/get-data?families=dora", Data.AliceToken);
        Assert.That(EnvelopeAssert.Names(response.Json.GetProperty("data")), Is.EqualTo(new[] { "context", "dora" }), response.Body);
    }

    [Test]
    public async Task AllowedUsers_IsAList_WithPagingMeta()
    {
        var response = await Api.GetAsync("/v1/metrics/dora/allowed_users?per_page=2&sort=name&order=asc", Data.AliceToken);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var data = response.Json.GetProperty("data");
        Assert.That(EnvelopeAssert.Names(data), Is.EqualTo(new[] { "summary", "items" }));
        Assert.That(data.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        var meta = response.Json.GetProperty("meta");
        Assert.That((meta.GetProperty("page").GetInt32(), meta.GetProperty("per_page").GetInt32(), meta.GetProperty("sort").GetString()), Is.EqualTo((1, 2, "name")));
        Assert.That(meta.GetProperty("total").GetInt64(), Is.EqualTo(data.GetProperty("summary").GetProperty("value").GetInt64()));
        var names = data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.That(names, Is.Ordered.Using((IComparer<string?>)StringComparer.Ordinal));
    }
}
