using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>rest-api.md §5: paging integrity over ties, and the list parameters' validation.</summary>
[TestFixture]
public sealed class PagingTests : ContractTest
{
    private static string AcmeMembers => $"/v1/organizations/{Data.Acme.PublicId}/members";

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    [Combinatorial]
    public async Task Members_WalkEveryPage_NoRepeatsNoGaps(
        [Values(1, 2, 3, 4)] int perPage,
        [Values("created_at", "name", "email")] string sort,
        [Values("asc", "desc")] string order)
    {
        var total = Data.Acme.Members.Count;
        var expectedPages = (total + perPage - 1) / perPage;
        var seen = new List<string>();

        for (var page = 1; page <= expectedPages; page++)
        {
            var response = await Api.GetAsync($"{AcmeMembers}?per_page={perPage}&page={page}&sort={sort}&order={order}", Data.AliceToken);
            var items = EnvelopeAssert.List(response);
            var meta = EnvelopeAssert.Meta(response);
            Assert.That(meta, Is.EqualTo((page, perPage, (long)total, (long)expectedPages, sort, order)), $"meta of page {page}");
            Assert.That(items, Has.Length.EqualTo(page < expectedPages ? perPage : total - (perPage * (expectedPages - 1))), $"size of page {page}");
            seen.AddRange(items.Select(i => i.GetProperty("id").GetString()!));
        }

        Assert.That(seen, Is.Unique, "no member appears on two pages");
        Assert.That(seen, Is.EquivalentTo(Data.Acme.Members.Select(m => m.User.PublicId)), "every member appears once");

        var whole = EnvelopeAssert.List(await Api.GetAsync($"{AcmeMembers}?per_page=100&sort={sort}&order={order}", Data.AliceToken));
        Assert.That(seen, Is.EqualTo(whole.Select(i => i.GetProperty("id").GetString())), "pages concatenate to the unpaged order");
    }

    [TestCase(6)]
    [TestCase(10_000_000)]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Members_PagePastTheEnd_IsEmptyWithCorrectMeta(int page)
    {
        var response = await Api.GetAsync($"{AcmeMembers}?per_page=2&page={page}", Data.AliceToken);

        Assert.That(EnvelopeAssert.List(response), Is.Empty);
        var total = Data.Acme.Members.Count;
        Assert.That(EnvelopeAssert.Meta(response), Is.EqualTo((page, 2, (long)total, (long)((total + 1) / 2), "created_at", "desc")));
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Members_EmptyFilterResult_HasZeroTotalPages()
    {
        var response = await Api.GetAsync($"/v1/organizations/{Data.Globex.PublicId}/members?is_active=false", Data.GinaToken);

        Assert.That(EnvelopeAssert.List(response), Is.Empty);
        var meta = EnvelopeAssert.Meta(response);
        Assert.That((meta.Total, meta.TotalPages, meta.Page), Is.EqualTo((0L, 0L, 1)));
    }

    [TestCase("0")]
    [TestCase("101")]
    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("1e2")]
    [TestCase("")]
    [TestCase("99999999999999999999")]
    [TestCase("%2B5")]
    [TestCase("%205")]
    public async Task PerPage_Invalid_Is400WithExactMessage(string value)
    {
        var response = await Api.GetAsync($"/v1/organizations?per_page={value}", Target.Token);

        EnvelopeAssert.Validation(response, "per_page", "per_page must be between 1 and 100");
    }

    [TestCase("0")]
    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("10000001")]
    [TestCase("")]
    public async Task Page_Invalid_Is400(string value)
    {
        var response = await Api.GetAsync($"/v1/organizations?page={value}", Target.Token);

        EnvelopeAssert.Validation(response, "page", "page must be between 1 and 10000000");
    }

    [TestCase("page=1&page=2", "page")]
    [TestCase("page=1&page=1", "page")]
    [TestCase("per_page=5&per_page=5", "per_page")]
    [TestCase("sort=name&sort=created_at", "sort")]
    [TestCase("fields=id&fields=name", "fields")]
    public async Task Parameter_Repeated_Is400(string query, string field)
    {
        var response = await Api.GetAsync($"/v1/organizations?{query}", Target.Token);

        var message = EnvelopeAssert.Validation(response, field);
        Assert.That(message, Is.EqualTo("must not be repeated"));
    }

    [Test]
    public async Task Sort_Bogus_Is400NamingAllowedValues()
    {
        var response = await Api.GetAsync("/v1/organizations?sort=bogus", Target.Token);

        var message = EnvelopeAssert.Validation(response, "sort");
        Assert.That(message, Does.Contain("created_at").And.Contain("name"));
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task MembersSort_Bogus_Is400NamingEveryAllowedValue()
    {
        var response = await Api.GetAsync($"{AcmeMembers}?sort=role", Data.AliceToken);

        var message = EnvelopeAssert.Validation(response, "sort");
        Assert.That(message, Does.Contain("created_at").And.Contain("name").And.Contain("email"));
    }

    [TestCase("Name")]
    [TestCase("name;drop table users")]
    [TestCase("o.name")]
    public async Task Sort_NotExactlyAllowed_Is400(string sort)
    {
        var response = await Api.GetAsync($"/v1/organizations?sort={Uri.EscapeDataString(sort)}", Target.Token);

        EnvelopeAssert.Validation(response, "sort");
    }

    [TestCase("ASC", "asc")]
    [TestCase("Desc", "desc")]
    [TestCase("asc", "asc")]
    public async Task Order_AnyCase_IsAcceptedAndEchoedLowerCase(string order, string echoed)
    {
        var response = await Api.GetAsync($"/v1/organizations?order={order}", Target.Token);

        EnvelopeAssert.List(response);
        Assert.That(EnvelopeAssert.Meta(response).Order, Is.EqualTo(echoed));
    }

    [TestCase("up")]
    [TestCase("")]
    [TestCase("ascending")]
    public async Task Order_Invalid_Is400(string order)
    {
        EnvelopeAssert.Validation(await Api.GetAsync($"/v1/organizations?order={order}", Target.Token), "order");
    }

    [Test]
    public async Task Meta_EchoesEffectiveParameters()
    {
        var response = await Api.GetAsync("/v1/organizations?page=3&per_page=7&sort=name&order=asc", Target.Token);

        EnvelopeAssert.List(response);
        var meta = EnvelopeAssert.Meta(response);
        Assert.That((meta.Page, meta.PerPage, meta.Sort, meta.Order), Is.EqualTo((3, 7, "name", "asc")));
        Assert.That(meta.TotalPages, Is.EqualTo((meta.Total + 6) / 7));
    }
}
