using System.Globalization;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>
/// Issue 10 / ADR 0052: a credential an admin mints for another user acts only in the organizations where that admin is
/// admin; deactivated and deprovisioned memberships confer nothing; no credential for a member who cannot use it.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class CredentialScopeTests : ContractTest
{
    private static string Path(string userPublicId) => $"/v1/admin/users/{userPublicId}/api-credentials";

    private static async Task<string> MintAsync(string callerToken, string userPublicId)
    {
        var response = await Api.PostJsonAsync(Path(userPublicId), callerToken, "{}");
        return EnvelopeAssert.Single(response, 201).GetProperty("token").GetString()!;
    }

    /// <summary>A fresh user (so no test changes the shared fixture people) with the given memberships.</summary>
    private static async Task<(string PublicId, string Email)> UserAsync(params (long Organization, string Role, bool Active)[] memberships)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var email = $"scoped-{tag}@example.com";
        var id = (long)(await Target.Host!.SqlAsync(
            "INSERT INTO users (name, email, title, timezone) VALUES (@n, @e, 'Engineer', 'UTC') RETURNING id",
            ("n", "Scoped " + tag), ("e", email)))!;
        foreach (var (organization, role, active) in memberships)
        {
            await Target.Host!.SqlAsync("""
                INSERT INTO organization_members (organization_id, user_id, role, is_active, deactivated_at)
                VALUES (@o, @u, @r, @a, CASE WHEN @a THEN NULL ELSE now() END)
                """, ("o", organization), ("u", id), ("r", role), ("a", active));
        }
        return ("usr_" + id.ToString(CultureInfo.InvariantCulture), email);
    }

    [Test]
    public async Task Post_AdminOfOneOrganizationForAMemberOfTwo_TokenActsOnlyInTheAdminsOrganization()
    {
        // Dave is a collaborator in Acme and in Globex; Alice is admin of Acme only
        var token = await MintAsync(Data.AliceToken, Data.Dave.PublicId);

        var organizations = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", token));
        Assert.That(organizations.Select(o => o.GetProperty("id").GetString()), Is.EqualTo(new[] { Data.Acme.PublicId }));
        Assert.That((await Api.GetAsync($"/v1/organizations/{Data.Globex.PublicId}", token)).StatusCode, Is.AnyOf(403, 404));
        EnvelopeAssert.Single(await Api.GetAsync($"/v1/organizations/{Data.Acme.PublicId}", token));
    }

    [Test]
    public async Task Post_AdminOfOneOrganizationForAnAdminOfAnother_TokenCarriesNoAdminRightsThere()
    {
        var user = await UserAsync((Data.Acme.Id, "collaborator", true), (Data.Globex.Id, "admin", true));
        var token = await MintAsync(Data.AliceToken, user.PublicId);

        var attempt = await Api.PostJsonAsync($"/v1/organizations/{Data.Globex.PublicId}/ingest-tokens", token, """{"name": "escalated"}""");

        Assert.That(attempt.StatusCode, Is.AnyOf(403, 404), attempt.ToString());
        // the user's own token does act as Globex admin: the refusal above is the scope, not the role
        var own = await Api.PostJsonAsync($"/v1/organizations/{Data.Globex.PublicId}/ingest-tokens",
            await Target.Host!.CreateTokenAsync(user.Email), """{"name": "own token"}""");
        EnvelopeAssert.Single(own, 201);
    }

    [Test]
    public async Task Post_UserMintingForThemself_TokenActsInAllTheirOrganizations()
    {
        var token = await MintAsync(Data.DaveToken, Data.Dave.PublicId);

        var organizations = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", token));
        Assert.That(organizations.Select(o => o.GetProperty("id").GetString()), Is.EquivalentTo(new[] { Data.Acme.PublicId, Data.Globex.PublicId }));
    }

    [Test]
    public async Task Post_ForAMemberWhoseMembershipThereIsDeactivated_Is403()
    {
        // active in Acme only; Gina administers Globex, where the membership is deactivated
        var user = await UserAsync((Data.Acme.Id, "collaborator", true), (Data.Globex.Id, "collaborator", false));

        var response = await Api.PostJsonAsync(Path(user.PublicId), Data.GinaToken, "{}");

        EnvelopeAssert.Error(response, 403, "FORBIDDEN");
    }

    [Test]
    public async Task Post_ForAnInactiveUser_Is403()
    {
        var response = await Api.PostJsonAsync(Path(Data.Ivan.PublicId), Data.AliceToken, "{}");

        EnvelopeAssert.Error(response, 403, "FORBIDDEN");
    }

    [Test]
    public async Task Token_OfAMemberDeactivatedInOneOrganization_ActsOnlyInTheOther()
    {
        var user = await UserAsync((Data.Acme.Id, "collaborator", true), (Data.Globex.Id, "admin", false));
        var token = await MintAsync(Data.AliceToken, user.PublicId);
        var self = await Target.Host!.CreateTokenAsync(user.Email);

        foreach (var t in new[] { token, self })
        {
            var organizations = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", t));
            Assert.That(organizations.Select(o => o.GetProperty("id").GetString()), Is.EqualTo(new[] { Data.Acme.PublicId }));
        }
    }
}
