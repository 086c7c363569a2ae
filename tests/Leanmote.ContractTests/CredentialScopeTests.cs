using System.Globalization;
using Leanmote.ContractTests.Scim;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>
/// Issue 10 / ADR 0052: a credential an admin mints for another user acts only in the organizations where that admin is
/// admin; deactivated and deprovisioned memberships confer nothing; no credential for a member who cannot use it.
/// Every test builds its own two organizations (each with an admin), so the shared fixture people stay as they are.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class CredentialScopeTests : ContractTest
{
    private sealed record World(ScimTenant First, ScimTenant Second);

    private static async Task<World> WorldAsync() =>
        new(await ScimTenant.CreateAsync(Target.Host!, "scope"), await ScimTenant.CreateAsync(Target.Host!, "scope"));

    private static string Path(string userPublicId) => $"/v1/admin/users/{userPublicId}/api-credentials";

    private static async Task<string> MintAsync(string callerToken, string userPublicId)
    {
        var response = await Api.PostJsonAsync(Path(userPublicId), callerToken, "{}");
        return EnvelopeAssert.Single(response, 201).GetProperty("token").GetString()!;
    }

    private static async Task<string[]> OrganizationsSeenByAsync(string token) =>
        [.. EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", token)).Select(o => o.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>A fresh user with the given memberships.</summary>
    private static async Task<(string PublicId, string Email)> UserAsync(bool userActive, params (ScimTenant Tenant, string Role, bool Active)[] memberships)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var email = $"scoped-{tag}@example.com";
        var id = (long)(await Target.Host!.SqlAsync(
            "INSERT INTO users (name, email, title, timezone, is_active) VALUES (@n, @e, 'Engineer', 'UTC', @a) RETURNING id",
            ("n", "Scoped " + tag), ("e", email), ("a", userActive)))!;
        foreach (var (tenant, role, active) in memberships)
        {
            await Target.Host!.SqlAsync("""
                INSERT INTO organization_members (organization_id, user_id, role, is_active, deactivated_at)
                VALUES (@o, @u, @r, @a, CASE WHEN @a THEN NULL ELSE now() END)
                """, ("o", tenant.OrganizationId), ("u", id), ("r", role), ("a", active));
        }
        return ("usr_" + id.ToString(CultureInfo.InvariantCulture), email);
    }

    [Test]
    public async Task Post_AdminOfOneOrganizationForAMemberOfTwo_TokenActsOnlyInTheAdminsOrganization()
    {
        var world = await WorldAsync();
        var user = await UserAsync(true, (world.First, "collaborator", true), (world.Second, "collaborator", true));

        var token = await MintAsync(world.First.AdminToken, user.PublicId);

        Assert.That(await OrganizationsSeenByAsync(token), Is.EqualTo(new[] { world.First.OrganizationPublicId }));
        Assert.That((await Api.GetAsync($"/v1/organizations/{world.Second.OrganizationPublicId}", token)).StatusCode, Is.AnyOf(403, 404));
    }

    [Test]
    public async Task Post_AdminOfOneOrganizationForAnAdminOfAnother_TokenCarriesNoAdminRightsThere()
    {
        var world = await WorldAsync();
        var user = await UserAsync(true, (world.First, "collaborator", true), (world.Second, "admin", true));
        var token = await MintAsync(world.First.AdminToken, user.PublicId);
        var tokensOfSecond = $"/v1/organizations/{world.Second.OrganizationPublicId}/ingest-tokens";

        var attempt = await Api.PostJsonAsync(tokensOfSecond, token, """{"name": "escalated"}""");

        Assert.That(attempt.StatusCode, Is.AnyOf(403, 404), attempt.ToString());
        // the user's own token does act as admin there: the refusal above is the scope, not the role
        EnvelopeAssert.Single(await Api.PostJsonAsync(tokensOfSecond, await Target.Host!.CreateTokenAsync(user.Email), """{"name": "own"}"""), 201);
    }

    [Test]
    public async Task Post_UserMintingForThemself_TokenActsInAllTheirOrganizations()
    {
        var world = await WorldAsync();
        var user = await UserAsync(true, (world.First, "collaborator", true), (world.Second, "collaborator", true));
        var own = await Target.Host!.CreateTokenAsync(user.Email);

        var token = await MintAsync(own, user.PublicId);

        Assert.That(await OrganizationsSeenByAsync(token),
            Is.EqualTo(new[] { world.First.OrganizationPublicId, world.Second.OrganizationPublicId }.Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task Post_ForAMemberWhoseMembershipThereIsDeactivated_Is403()
    {
        var world = await WorldAsync();
        var user = await UserAsync(true, (world.First, "collaborator", true), (world.Second, "collaborator", false));

        EnvelopeAssert.Error(await Api.PostJsonAsync(Path(user.PublicId), world.Second.AdminToken, "{}"), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Post_ForAnInactiveUser_Is403()
    {
        var world = await WorldAsync();
        var user = await UserAsync(false, (world.First, "collaborator", true));

        EnvelopeAssert.Error(await Api.PostJsonAsync(Path(user.PublicId), world.First.AdminToken, "{}"), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Token_OfAMemberDeactivatedInOneOrganization_ActsOnlyInTheOther()
    {
        var world = await WorldAsync();
        var user = await UserAsync(true, (world.First, "collaborator", true), (world.Second, "admin", false));
        var minted = await MintAsync(world.First.AdminToken, user.PublicId);
        var own = await Target.Host!.CreateTokenAsync(user.Email);

        Assert.That(await OrganizationsSeenByAsync(minted), Is.EqualTo(new[] { world.First.OrganizationPublicId }));
        Assert.That(await OrganizationsSeenByAsync(own), Is.EqualTo(new[] { world.First.OrganizationPublicId }));
    }
}
