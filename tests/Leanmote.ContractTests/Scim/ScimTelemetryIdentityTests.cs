using System.Globalization;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>
/// otel.md §8.2: SCIM creating or re-activating a user re-resolves the organization's unmatched telemetry identities
/// with that email, and only that organization's.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimTelemetryIdentityTests : ContractTest
{
    private static async Task<long> UnmatchedIdentityAsync(long organizationId, string email) =>
        (long)(await Target.Host!.SqlAsync("""
            INSERT INTO telemetry_identities (organization_id, source, identity_key, email, first_seen_at, last_seen_at)
            VALUES (@o, 'claude_code', @k, @e, now(), now()) RETURNING id
            """, ("o", organizationId), ("k", "email:" + email), ("e", email)))!;

    private static async Task<object?> MatchedUserAsync(long identityId) =>
        await Target.Host!.SqlAsync("SELECT user_id FROM telemetry_identities WHERE id = @i", ("i", identityId));

    private static long Number(string publicId) => long.Parse(publicId[(publicId.IndexOf('_') + 1)..], CultureInfo.InvariantCulture);

    [Test]
    public async Task Create_MatchesTheOrganizationsUnmatchedIdentitiesWithThatEmail_Only()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var other = await ScimTenant.CreateAsync(Target.Host!);
        var email = "late.joiner." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var mine = await UnmatchedIdentityAsync(tenant.OrganizationId, email);
        var theirs = await UnmatchedIdentityAsync(other.OrganizationId, email);

        var created = Scim.Expect(await Scim.PostAsync(Api, "/Users", tenant.ScimToken, $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email.ToUpperInvariant()}}",
             "emails":[{"value":"{{email}}","type":"work","primary":true}]}
            """), 201);

        Assert.Multiple(async () =>
        {
            Assert.That(await MatchedUserAsync(mine), Is.EqualTo(Number(created.GetProperty("id").GetString()!)));
            Assert.That(await MatchedUserAsync(theirs), Is.EqualTo(DBNull.Value), "another organization's identity stays unmatched");
        });
    }

    [Test]
    public async Task Reactivation_MatchesIdentitiesSeenWhileTheUserWasInactive()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var email = "returner." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var created = Scim.Expect(await Scim.PostAsync(Api, "/Users", tenant.ScimToken, $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email}}","active":false,
             "emails":[{"value":"{{email}}","primary":true}]}
            """), 201);
        var id = created.GetProperty("id").GetString()!;
        var identity = await UnmatchedIdentityAsync(tenant.OrganizationId, email);

        Scim.Expect(await Scim.PatchAsync(Api, "/Users/" + id, tenant.ScimToken,
            """{"Operations":[{"op":"replace","path":"active","value":true}]}"""), 200);

        Assert.That(await MatchedUserAsync(identity), Is.EqualTo(Number(id)));
    }
}
