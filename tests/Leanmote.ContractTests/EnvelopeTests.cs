using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>rest-api.md §1 and §2: the envelope, media type and request id.</summary>
[TestFixture]
public sealed class EnvelopeTests : ContractTest
{
    [Test]
    public async Task List_Success_HasExactlyStatusDataMeta()
    {
        var response = await Api.GetAsync("/v1/organizations", Target.Token);

        var items = EnvelopeAssert.List(response);
        var meta = EnvelopeAssert.Meta(response);
        Assert.That(meta.Page, Is.EqualTo(1));
        Assert.That(meta.PerPage, Is.EqualTo(50));
        Assert.That(meta.Sort, Is.EqualTo("created_at"));
        Assert.That(meta.Order, Is.EqualTo("desc"));
        Assert.That(meta.Total, Is.EqualTo(items.Length));
        Assert.That(meta.TotalPages, Is.EqualTo(items.Length == 0 ? 0 : 1));
    }

    [Test]
    public async Task List_Organization_HasSnakeCaseFieldsAndUtcTimestamps()
    {
        var response = await Api.GetAsync("/v1/organizations", Target.Token);

        var items = EnvelopeAssert.List(response);
        Assert.That(items, Is.Not.Empty);
        foreach (var item in items)
        {
            Assert.That(EnvelopeAssert.Names(item), Is.EquivalentTo(new[] { "id", "name", "slug", "timezone", "created_at", "updated_at" }));
            Assert.That(item.GetProperty("id").GetString(), Does.Match("^org_[0-9]+$"));
            Assert.That(item.GetProperty("created_at").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"));
            Assert.That(item.GetProperty("updated_at").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"));
        }
    }

    [Test]
    public async Task Single_Success_HasNoMeta()
    {
        var list = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", Target.Token));
        Assert.That(list, Is.Not.Empty);
        var id = list[0].GetProperty("id").GetString();

        var data = EnvelopeAssert.Single(await Api.GetAsync($"/v1/organizations/{id}", Target.Token));

        Assert.That(data.GetProperty("id").GetString(), Is.EqualTo(id));
    }

    [Test]
    public async Task Health_Anonymous_ReportsOkInSingleEnvelope()
    {
        var data = EnvelopeAssert.Single(await Api.GetAsync("/v1/health", token: null));

        Assert.That(EnvelopeAssert.Names(data), Is.EquivalentTo(new[] { "status", "database", "version" }));
        Assert.That(data.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(data.GetProperty("database").GetString(), Is.EqualTo("ok"));
        Assert.That(data.GetProperty("version").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task Error_NonValidation_HasNoDetails()
    {
        var response = await Api.GetAsync("/v1/organizations/org_999999", Target.Token);

        EnvelopeAssert.Error(response, 404, "NOT_FOUND");
    }

    [Test]
    public async Task Error_Validation_HasDetailsWithFieldAndMessage()
    {
        var response = await Api.GetAsync("/v1/organizations?per_page=0", Target.Token);

        var message = EnvelopeAssert.Validation(response, "per_page", "per_page must be between 1 and 100");
        Assert.That(message, Is.EqualTo("must be between 1 and 100"));
    }

    [TestCase("abc-123_XYZ.7")]
    [TestCase("a")]
    [TestCase("0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task RequestId_Valid_IsEchoed(string requestId)
    {
        var response = await Api.SendAsync(HttpMethod.Get, "/v1/health", null, configure: r => r.Headers.Add("X-Request-Id", requestId));

        Assert.That(response.Header("X-Request-Id"), Is.EqualTo(requestId));
    }

    [TestCase("01234567890123456789012345678901234567890123456789012345678901234", TestName = "RequestId_TooLong_IsRegenerated")]
    [TestCase("bad id", TestName = "RequestId_Space_IsRegenerated")]
    [TestCase("bad/id", TestName = "RequestId_Slash_IsRegenerated")]
    [TestCase("<script>", TestName = "RequestId_Markup_IsRegenerated")]
    public async Task RequestId_Invalid_IsRegenerated(string requestId)
    {
        var response = await Api.SendAsync(HttpMethod.Get, "/v1/organizations", Target.Token, configure: r => r.Headers.TryAddWithoutValidation("X-Request-Id", requestId));

        var echoed = response.Header("X-Request-Id");
        Assert.That(echoed, Is.Not.Null.And.Not.EqualTo(requestId));
        Assert.That(echoed, Does.Match("^[A-Za-z0-9._-]{1,64}$"));
    }

    [Test]
    public async Task RequestId_Absent_IsGeneratedOnErrorsToo()
    {
        var first = await Api.GetAsync("/v1/nope", null);
        var second = await Api.GetAsync("/v1/nope", null);

        Assert.That(first.Header("X-Request-Id"), Does.Match("^[A-Za-z0-9._-]{1,64}$"));
        Assert.That(second.Header("X-Request-Id"), Is.Not.EqualTo(first.Header("X-Request-Id")));
    }
}
