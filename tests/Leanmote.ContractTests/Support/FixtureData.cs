using System.Globalization;
using System.Net;

namespace Leanmote.ContractTests.Support;

/// <summary>A user of the fixture and, when it has one, its role in the organization being looked at.</summary>
public sealed record Person(long Id, string Name, string Email, DateTimeOffset CreatedAt, bool IsActive)
{
    public string PublicId => "usr_" + Id.ToString(CultureInfo.InvariantCulture);
}

public sealed record Member(Person User, string Role, DateTimeOffset JoinedAt);

public sealed record Organization(long Id, string Name, string Slug, string Timezone, DateTimeOffset CreatedAt, IReadOnlyList<Member> Members)
{
    public string PublicId => "org_" + Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The known rows every in-process test relies on, inserted with plain SQL after the API migrated its database,
/// and the tokens made for them (through the <c>create-token</c> host command and through the API itself).
/// <list type="bullet">
/// <item>Acme: Alice (admin), Frank (admin), Bob (manager), Pat Kim ×2 (manager, collaborator), Carol, Dave, Erin
/// (collaborators), Ivan (collaborator, inactive user). Bob, Carol, Dave and Erin share one created_at, Alice and
/// Frank another, the two Pat Kims a third, so every sort has ties that only the id can break.</item>
/// <item>Globex: Gina (admin), Hank (manager), Dave (collaborator: the one user in both organizations).</item>
/// <item>Zed belongs to no organization; a test deactivates him to prove his token stops working.</item>
/// </list>
/// </summary>
public sealed class FixtureData
{
    private static readonly DateTimeOffset Early = At("2024-01-01T00:00:00Z");
    private static readonly DateTimeOffset Tie = At("2024-02-01T09:00:00Z");
    private static readonly DateTimeOffset Later = At("2024-03-01T12:30:00Z");
    private static readonly DateTimeOffset Latest = At("2024-04-01T00:00:00Z");

    public required Organization Acme { get; init; }
    public required Organization Globex { get; init; }
    public required Person Alice { get; init; }
    public required Person Bob { get; init; }
    public required Person Carol { get; init; }
    public required Person Dave { get; init; }
    public required Person Erin { get; init; }
    public required Person Frank { get; init; }
    public required Person Gina { get; init; }
    public required Person Hank { get; init; }
    public required Person Ivan { get; init; }
    public required Person Zed { get; init; }

    public required string AliceToken { get; init; }
    public required string BobToken { get; init; }
    public required string CarolToken { get; init; }
    public required string DaveToken { get; init; }
    public required string GinaToken { get; init; }
    public required string ZedToken { get; init; }

    /// <summary>Bob's, made with --expires-at in the future, then moved into the past with SQL.</summary>
    public required string ExpiredToken { get; init; }

    /// <summary>Erin's, made and then deleted (deactivated) through the API.</summary>
    public required string InactiveToken { get; init; }

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    public static async Task<FixtureData> InsertAsync(InProcessApi api, ApiClient client)
    {
        async Task<Person> UserAsync(string name, string email, DateTimeOffset createdAt, bool isActive = true)
        {
            var id = (long)(await api.SqlAsync(
                "INSERT INTO users (name, email, title, timezone, is_active, created_at, updated_at) VALUES (@n, @e, 'Engineer', 'UTC', @a, @c, @c) RETURNING id",
                ("n", name), ("e", email), ("a", isActive), ("c", createdAt)))!;
            return new Person(id, name, email, createdAt, isActive);
        }

        async Task<long> OrganizationAsync(string name, string slug, string timezone, DateTimeOffset createdAt) =>
            (long)(await api.SqlAsync(
                "INSERT INTO organizations (name, slug, timezone, created_at, updated_at) VALUES (@n, @s, @t, @c, @c) RETURNING id",
                ("n", name), ("s", slug), ("t", timezone), ("c", createdAt)))!;

        async Task<Member> JoinAsync(long organization, Person user, string role, DateTimeOffset joinedAt)
        {
            await api.SqlAsync("INSERT INTO organization_members (organization_id, user_id, role, joined_at) VALUES (@o, @u, @r, @j)",
                ("o", organization), ("u", user.Id), ("r", role), ("j", joinedAt));
            return new Member(user, role, joinedAt);
        }

        var acmeCreated = At("2023-01-15T08:00:00Z");
        var globexCreated = At("2023-06-15T08:00:00Z");
        var acmeId = await OrganizationAsync("Acme", "acme", "UTC", acmeCreated);
        var globexId = await OrganizationAsync("Globex", "globex", "Europe/Berlin", globexCreated);

        var alice = await UserAsync("Alice Archer", "alice@acme.test", Early);
        var bob = await UserAsync("Bob Baker", "bob@acme.test", Tie);
        var carol = await UserAsync("Carol Chen", "carol@acme.test", Tie);
        var dave = await UserAsync("Dave Dunn", "dave@shared.test", Tie);
        var erin = await UserAsync("Erin Early", "erin@acme.test", Tie);
        var frank = await UserAsync("Frank Fox", "frank@acme.test", Early);
        var patOne = await UserAsync("Pat Kim", "pat.one@acme.test", Later);
        var patTwo = await UserAsync("Pat Kim", "pat.two@acme.test", Later);
        var ivan = await UserAsync("Ivan Idle", "ivan@acme.test", Latest, isActive: false);
        var gina = await UserAsync("Gina Gold", "gina@globex.test", Early);
        var hank = await UserAsync("Hank Hill", "hank@globex.test", Later);
        var zed = await UserAsync("Zed Zero", "zed@nowhere.test", Latest);

        var joined = At("2024-05-01T10:00:00Z");
        List<Member> acmeMembers =
        [
            await JoinAsync(acmeId, alice, "admin", joined),
            await JoinAsync(acmeId, frank, "admin", joined.AddDays(1)),
            await JoinAsync(acmeId, bob, "manager", joined),
            await JoinAsync(acmeId, patOne, "collaborator", joined.AddDays(2)),
            await JoinAsync(acmeId, patTwo, "manager", joined.AddDays(2)),
            await JoinAsync(acmeId, carol, "collaborator", joined),
            await JoinAsync(acmeId, dave, "collaborator", joined.AddDays(3)),
            await JoinAsync(acmeId, erin, "collaborator", joined),
            await JoinAsync(acmeId, ivan, "collaborator", joined.AddDays(4)),
        ];
        List<Member> globexMembers =
        [
            await JoinAsync(globexId, gina, "admin", joined),
            await JoinAsync(globexId, hank, "manager", joined),
            await JoinAsync(globexId, dave, "collaborator", joined.AddDays(5)),
        ];

        // Tokens through the real host command (in parallel: each is a process start) ...
        var aliceToken = api.CreateTokenAsync(alice.Email);
        var ginaToken = api.CreateTokenAsync(gina.Email);
        var zedToken = api.CreateTokenAsync(zed.Email);
        // Dave belongs to both organizations: a token an admin of one mints for him acts in that one alone (ADR 0052),
        // so his fixture token, which the suite uses in both, comes from the host command
        var daveToken = api.CreateTokenAsync(dave.Email);
        var expiredToken = api.CreateTokenAsync(bob.Email, DateTimeOffset.UtcNow.AddHours(1));
        await Task.WhenAll(aliceToken, ginaToken, zedToken, daveToken, expiredToken);
        await api.SqlAsync("UPDATE api_credentials SET expires_at = now() - interval '1 hour' WHERE expires_at IS NOT NULL");

        // ... and through the API, by an admin of the user's organization.
        async Task<(string Token, string Id)> IssueAsync(string issuerToken, Person user)
        {
            var response = await client.PostJsonAsync($"/v1/admin/users/{user.PublicId}/api-credentials", issuerToken, "{}");
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Created), $"issuing a token for {user.Email}: {response}");
            var data = response.Json.GetProperty("data");
            return (data.GetProperty("token").GetString()!, data.GetProperty("id").GetString()!);
        }

        var bobToken = await IssueAsync(aliceToken.Result, bob);
        var carolToken = await IssueAsync(aliceToken.Result, carol);
        var inactive = await IssueAsync(aliceToken.Result, erin);
        var deleted = await client.DeleteAsync($"/v1/admin/users/{erin.PublicId}/api-credentials/{inactive.Id}", aliceToken.Result);
        Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.NoContent), $"deactivating Erin's token: {deleted}");

        return new FixtureData
        {
            Acme = new Organization(acmeId, "Acme", "acme", "UTC", acmeCreated, acmeMembers),
            Globex = new Organization(globexId, "Globex", "globex", "Europe/Berlin", globexCreated, globexMembers),
            Alice = alice, Bob = bob, Carol = carol, Dave = dave, Erin = erin, Frank = frank,
            Gina = gina, Hank = hank, Ivan = ivan, Zed = zed,
            AliceToken = aliceToken.Result,
            BobToken = bobToken.Token,
            CarolToken = carolToken.Token,
            DaveToken = daveToken.Result,
            GinaToken = ginaToken.Result,
            ZedToken = zedToken.Result,
            ExpiredToken = expiredToken.Result,
            InactiveToken = inactive.Token,
        };
    }
}
