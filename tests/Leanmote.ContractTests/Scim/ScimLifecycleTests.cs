using System.Globalization;
using Leanmote.Application.Access;
using Leanmote.ContractTests.Support;
using Leanmote.Domain.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leanmote.ContractTests.Scim;

/// <summary>scim.md §11: deactivation, reactivation, deprovisioning and the audit trail, proven end to end.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimLifecycleTests : ContractTest
{
    /// <summary>A SCIM-created person who also holds an API token (made for them by SQL, as the UI would).</summary>
    private static async Task<(string Id, long UserId, string Token)> PersonWithTokenAsync(ScimTenant tenant, string userName)
    {
        var id = await Scim.CreateUserAsync(Api, tenant, userName, ""","displayName":"Pat Person","title":"Engineer" """);
        var userId = long.Parse(id[4..], CultureInfo.InvariantCulture);
        var salt = Target.Host!.Services.GetRequiredService<IOptions<AccessOptions>>().Value.TokenSalt;
        var token = ApiToken.Generate();
        await Target.Host.SqlAsync("INSERT INTO api_credentials (user_id, token_hash, token_preview) VALUES (@u, @h, @p)",
            ("u", userId), ("h", ApiToken.Hash(token, salt)), ("p", ApiToken.Preview(token)));
        return (id, userId, token);
    }

    [Test]
    public async Task Deactivation_RevokesApiTokensAtOnce_AndReactivationDoesNotRestoreThem()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var pat = await PersonWithTokenAsync(tenant, "pat@example.com");
        EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", pat.Token));

        var deactivated = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + pat.Id, tenant.ScimToken,
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"""), 200);

        Assert.That(deactivated.GetProperty("active").GetBoolean(), Is.False);
        EnvelopeAssert.Error(await Api.GetAsync("/v1/organizations", pat.Token), 401, "UNAUTHORIZED");
        var seen = EnvelopeAssert.Single(await Api.GetAsync("/v1/users/" + pat.Id, tenant.AdminToken));
        Assert.That(seen.GetProperty("is_active").GetBoolean(), Is.False, "REST shows the person inactive");
        Assert.That(Scim.Ids(Scim.ExpectList(await Scim.GetAsync(Api, "/Users?filter=" + Scim.Escape("active eq false"), tenant.ScimToken), 1)),
            Is.EqualTo(new[] { pat.Id }), "a deactivated user is still found");

        var reactivated = Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + pat.Id, tenant.ScimToken,
            """{"Operations":[{"op":"Replace","path":"active","value":"True"}]}"""), 200);
        Assert.That(reactivated.GetProperty("active").GetBoolean(), Is.True);
        EnvelopeAssert.Error(await Api.GetAsync("/v1/organizations", pat.Token), 401, "UNAUTHORIZED");
        Assert.That(EnvelopeAssert.Single(await Api.GetAsync("/v1/users/" + pat.Id, tenant.AdminToken)).GetProperty("is_active").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Deactivation_OfAPersonWithAnotherActiveMembership_KeepsTheirTokenButNotThisOrganization()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var other = await ScimTenant.CreateAsync(Target.Host!);
        var pat = await PersonWithTokenAsync(tenant, "two-orgs@example.com");
        await Target.Host!.SqlAsync("INSERT INTO organization_members (organization_id, user_id, role) VALUES (@o, @u, 'collaborator')",
            ("o", other.OrganizationId), ("u", pat.UserId));

        Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + pat.Id, tenant.ScimToken, """{"Operations":[{"op":"replace","path":"active","value":false}]}"""), 200);

        var organizations = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations", pat.Token));
        Assert.That(organizations.Select(o => o.GetProperty("id").GetString()), Is.EqualTo(new[] { other.OrganizationPublicId }));
    }

    [Test]
    public async Task Delete_Deprovisions_KeepsHistory_ReleasesUserName_NeverReusesIds()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var pat = await PersonWithTokenAsync(tenant, "leaver@example.com");
        var team = await Scim.CreateGroupAsync(Api, tenant, "Leavers", pat.Id);

        var deleted = await Scim.DeleteAsync(Api, "/Users/" + pat.Id, tenant.ScimToken);

        Assert.That(deleted.StatusCode, Is.EqualTo(204));
        Assert.That(deleted.Body, Is.Empty);
        Scim.ExpectError(await Scim.GetAsync(Api, "/Users/" + pat.Id, tenant.ScimToken), 404);
        Scim.ExpectError(await Scim.DeleteAsync(Api, "/Users/" + pat.Id, tenant.ScimToken), 404);
        Scim.ExpectError(await Scim.PatchAsync(Api, "/Users/" + pat.Id, tenant.ScimToken, """{"Operations":[{"op":"replace","path":"active","value":true}]}"""), 404);
        EnvelopeAssert.Error(await Api.GetAsync("/v1/organizations", pat.Token), 401, "UNAUTHORIZED");
        var rest = EnvelopeAssert.Single(await Api.GetAsync("/v1/users/" + pat.Id, tenant.AdminToken));
        Assert.That(rest.GetProperty("is_active").GetBoolean(), Is.False, "REST keeps serving the user, inactive");
        Assert.That(rest.GetProperty("name").GetString(), Is.EqualTo("Pat Person"));
        var groupMembers = Scim.Expect(await Scim.GetAsync(Api, "/Groups/" + team, tenant.ScimToken), 200).GetProperty("members");
        Assert.That(groupMembers.GetArrayLength(), Is.Zero, "removed from the organization's teams");
        var membership = await Target.Host!.SqlAsync("SELECT deprovisioned_at IS NOT NULL FROM organization_members WHERE organization_id = @o AND user_id = @u",
            ("o", tenant.OrganizationId), ("u", pat.UserId));
        Assert.That(membership, Is.True, "the membership row stays for history");

        var again = await Scim.CreateUserAsync(Api, tenant, "LEAVER@example.com");
        Assert.That(again, Is.Not.EqualTo(pat.Id), "a new user with a new id");
    }

    [Test]
    public async Task EveryWrite_IsAudited_WithNamesNotValues()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = await Scim.CreateUserAsync(Api, tenant, "audited@example.com", ""","title":"Secret Title" """);
        await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken, """{"Operations":[{"op":"replace","path":"active","value":false}]}""");
        await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken, """{"Operations":[{"op":"replace","path":"title","value":"Other"},{"op":"replace","path":"active","value":true}]}""");
        await Scim.SendAsync(Api, HttpMethod.Delete, "/Users/" + id, tenant.ScimToken, configure: r => r.Headers.Add("X-Request-Id", "audit-delete-1"));
        var group = await Scim.CreateGroupAsync(Api, tenant, "Audited", tenant.AdminPublicId);
        await Scim.PatchAsync(Api, "/Groups/" + group, tenant.ScimToken, """{"Operations":[{"op":"remove","path":"members"}]}""");

        var trail = (string)(await Target.Host!.SqlAsync("""
            SELECT string_agg(resource_type || ':' || operation || ':' || array_to_string(attributes, '+') || ':' || (scim_token_id = @t)::text, ' ' ORDER BY id)
            FROM scim_audit_events WHERE organization_id = @o
            """, ("o", tenant.OrganizationId), ("t", tenant.ScimTokenId)))!;

        Assert.That(trail.Split(' '), Is.EqualTo(new[]
        {
            "User:create:userName+title:true", "User:deactivate:active:true", "User:update:title:true", "User:reactivate:active:true",
            "User:delete::true", "Group:create:displayName:true", "Group:members_add:members:true", "Group:members_remove:members:true",
        }));
        Assert.That(trail, Does.Not.Contain("Secret"));
        var requestId = await Target.Host.SqlAsync("SELECT request_id FROM scim_audit_events WHERE organization_id = @o AND operation = 'delete'", ("o", tenant.OrganizationId));
        Assert.That(requestId, Is.EqualTo("audit-delete-1"));
    }
}
