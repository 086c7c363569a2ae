using System.Text;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Authorization;

/// <summary>
/// Idempotent writes stay inside their organization (rest-api.md §4, §7): the same (source, external_id) or the same
/// <c>Idempotency-Key</c> sent by another organization's writer makes that organization's own row and never answers
/// with, or changes, the first organization's. In-process: the rows are removed afterwards.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class AuthorizationWritesTests : ContractTest
{
    private readonly string _externalId = AuthorizationWorld.ExternalIdPrefix + "writes-" + Guid.NewGuid().ToString("N");

    [OneTimeTearDown]
    public async Task DeleteAsync()
    {
        if (!Target.IsInProcess) return;
        await Target.Host!.SqlAsync("""
            DELETE FROM incidents WHERE external_id = @x;
            DELETE FROM deployments WHERE external_id = @x;
            DELETE FROM idempotency_keys WHERE key = @x;
            """, ("x", _externalId));
    }

    private Task<ApiResponse> PostAsync(string path, string token, string json, string? idempotencyKey = null) =>
        Api.SendAsync(HttpMethod.Post, path, token, new StringContent(json, Encoding.UTF8, "application/json"),
            idempotencyKey is null ? null : request => request.Headers.Add("Idempotency-Key", idempotencyKey));

    [Test]
    public async Task SameExternalId_InTwoOrganizations_MakesTwoDeployments_AndNeitherChangesTheOther()
    {
        var acme = EnvelopeAssert.Single(await PostAsync("/v1/deployments", Data.AliceToken,
            $$"""{"organization_id":"{{Data.Acme.PublicId}}","environment":"production","status":"success","external_id":"{{_externalId}}"}"""), 201);
        var globex = EnvelopeAssert.Single(await PostAsync("/v1/deployments", Data.GinaToken,
            $$"""{"environment":"production","status":"failure","external_id":"{{_externalId}}"}"""), 201);

        Assert.That(globex.GetProperty("id").GetString(), Is.Not.EqualTo(acme.GetProperty("id").GetString()));
        Assert.That(globex.GetProperty("organization_id").GetString(), Is.EqualTo(Data.Globex.PublicId));
        var acmeAgain = EnvelopeAssert.Single(await Api.GetAsync("/v1/deployments/" + acme.GetProperty("id").GetString(), Data.AliceToken));
        Assert.That(acmeAgain.GetProperty("status").GetString(), Is.EqualTo("success"), "Globex's report changed Acme's deployment");
        EnvelopeAssert.Error(await Api.GetAsync("/v1/deployments/" + globex.GetProperty("id").GetString(), Data.AliceToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task SameIdempotencyKey_FromAnotherOrganization_IsNotAReplayOfTheFirst()
    {
        var body = $$"""{"title":"shared key","started_at":"2026-01-10T09:00:00Z","external_id":"{{_externalId}}"}""";
        var acme = EnvelopeAssert.Single(await PostAsync("/v1/incidents", Data.AliceToken, body, _externalId), 201);
        var globex = EnvelopeAssert.Single(await PostAsync("/v1/incidents", Data.GinaToken, body, _externalId), 201);

        Assert.That(globex.GetProperty("id").GetString(), Is.Not.EqualTo(acme.GetProperty("id").GetString()), "Gina got Alice's stored answer");
        Assert.That(acme.GetProperty("organization_id").GetString(), Is.EqualTo(Data.Acme.PublicId));
        Assert.That(globex.GetProperty("organization_id").GetString(), Is.EqualTo(Data.Globex.PublicId));
    }

    [Test]
    public async Task RefusedWrites_LeaveNoRow()
    {
        var body = $$"""{"organization_id":"{{Data.Acme.PublicId}}","environment":"refused","status":"success","external_id":"{{_externalId}}-refused"}""";
        EnvelopeAssert.Error(await PostAsync("/v1/deployments", Data.CarolToken, body), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await PostAsync("/v1/deployments", Data.GinaToken, body), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await PostAsync("/v1/deployments", Data.ZedToken, body), 403, "FORBIDDEN");

        var rows = await Target.Host!.SqlAsync("SELECT count(*) FROM deployments WHERE external_id = @x", ("x", _externalId + "-refused"));
        Assert.That(rows, Is.EqualTo(0L));
    }
}
