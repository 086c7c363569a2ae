using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Otel;

/// <summary>otel.md §2.2 and §2.4: the ingest token management routes (REST conventions, admins only).</summary>
[TestFixture]
public sealed class OtelIngestTokensTests : OtelTest
{
    private static readonly string[] ListedFields =
        ["id", "name", "token_preview", "allowed_signals", "is_active", "expires_at", "last_used_at", "created_by", "created_at"];

    [Test]
    public async Task Post_ByAdmin_Is201_TokenShownOnce_FormatAndDefaults()
    {
        var response = await Api.PostJsonAsync(TokensPath, Data.AliceToken, """{"name": "Claude Code fleet"}""");

        var data = EnvelopeAssert.Single(response, 201);
        var token = data.GetProperty("token").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(token, Does.Match("^lmi_[A-Za-z0-9_-]{43}$"), "lmi_ + 43 chars of unpadded base64url");
            Assert.That(data.GetProperty("id").GetString(), Does.Match("^itk_[1-9][0-9]*$"));
            Assert.That(data.GetProperty("token_preview").GetString(), Is.EqualTo(token[..8]));
            Assert.That(data.GetProperty("name").GetString(), Is.EqualTo("Claude Code fleet"));
            Assert.That(data.GetProperty("allowed_signals").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "logs", "metrics", "traces" }));
            Assert.That(data.GetProperty("created_by").GetString(), Is.EqualTo(Data.Alice.PublicId));
            Assert.That(data.GetProperty("is_active").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Get_ListsWithoutTokenOrHash()
    {
        var (token, id) = await CreateIngestTokenAsync("listed", "\"allowed_signals\": [\"metrics\", \"logs\"]");

        var items = EnvelopeAssert.List(await Api.GetAsync(TokensPath + "?per_page=100", Data.AliceToken));

        var item = items.Single(i => i.GetProperty("id").GetString() == id);
        Assert.Multiple(() =>
        {
            Assert.That(EnvelopeAssert.Names(item), Is.EquivalentTo(ListedFields));
            Assert.That(item.GetProperty("allowed_signals").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "logs", "metrics" }));
            Assert.That(items.Select(i => i.GetRawText()), Has.None.Contains(token));
        });
    }

    [Test]
    public async Task NonAdmin_Is403()
    {
        var list = await Api.GetAsync(TokensPath, Data.BobToken);
        var create = await Api.PostJsonAsync(TokensPath, Data.BobToken, """{"name": "x"}""");

        EnvelopeAssert.Error(list, 403, "FORBIDDEN");
        EnvelopeAssert.Error(create, 403, "FORBIDDEN");
    }

    [TestCase("""{}""", "name")]
    [TestCase("""{"name": ""}""", "name")]
    [TestCase("""{"name": "x", "allowed_signals": []}""", "allowed_signals")]
    [TestCase("""{"name": "x", "allowed_signals": ["profiles"]}""", "allowed_signals")]
    [TestCase("""{"name": "x", "allowed_signals": ["logs", "logs"]}""", "allowed_signals")]
    [TestCase("""{"name": "x", "expires_at": "2020-01-01T00:00:00Z"}""", "expires_at")]
    [TestCase("""{"name": "x", "expires_at": "tomorrow"}""", "expires_at")]
    public async Task Post_InvalidBody_Is400OnTheField(string body, string field)
    {
        var response = await Api.PostJsonAsync(TokensPath, Data.AliceToken, body);

        EnvelopeAssert.Validation(response, field);
    }

    [Test]
    public async Task Delete_Is204_Idempotent_UnknownIs404()
    {
        var (_, id) = await CreateIngestTokenAsync("to delete");

        var first = await Api.DeleteAsync($"{TokensPath}/{id}", Data.AliceToken);
        var second = await Api.DeleteAsync($"{TokensPath}/{id}", Data.AliceToken);
        var unknown = await Api.DeleteAsync($"{TokensPath}/itk_999999", Data.AliceToken);

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(204));
            Assert.That(second.StatusCode, Is.EqualTo(204));
        });
        EnvelopeAssert.Error(unknown, 404, "NOT_FOUND");
        var items = EnvelopeAssert.List(await Api.GetAsync(TokensPath + "?per_page=100", Data.AliceToken));
        Assert.That(items.Single(i => i.GetProperty("id").GetString() == id).GetProperty("is_active").GetBoolean(), Is.False);
    }

    [Test]
    public async Task OtherOrganizationsTokens_AreNotVisible()
    {
        var (_, id) = await CreateIngestTokenAsync("acme only");

        var response = await Api.DeleteAsync($"/v1/organizations/{Data.Globex.PublicId}/ingest-tokens/{id}", Data.GinaToken);

        EnvelopeAssert.Error(response, 404, "NOT_FOUND");
        Assert.That(JsonDocument.Parse((await Api.GetAsync(TokensPath + "?per_page=100", Data.AliceToken)).Body).RootElement.GetRawText(), Does.Contain(id));
    }
}

/// <summary>otel.md §2.4: the host command the <c>run</c> target uses to print a demo ingest token.</summary>
[TestFixture]
public sealed class OtelIngestTokenCommandTests : OtelTest
{
    [Test]
    public async Task CreateIngestToken_PrintsOnlyAWorkingToken()
    {
        var outcome = await Target.Host!.RunHostCommandAsync("create-ingest-token", "--organization", Data.Acme.Slug, "--name", "Demo telemetry");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.StandardError);
        var token = outcome.StandardOutput.Trim();
        Assert.That(token, Does.Match("^lmi_[A-Za-z0-9_-]{43}$"), "the token alone on stdout");
        var response = await Otlp.PostJsonAsync("/otel/v1/logs", token, "{}");
        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
    }

    [Test]
    public async Task CreateIngestToken_UnknownOrganization_ExitsOne()
    {
        var outcome = await Target.Host!.RunHostCommandAsync("create-ingest-token", "--organization", "no-such-org");

        Assert.That(outcome.ExitCode, Is.EqualTo(1));
        Assert.That(outcome.StandardError, Does.Contain("no organization with slug 'no-such-org'"));
    }
}
