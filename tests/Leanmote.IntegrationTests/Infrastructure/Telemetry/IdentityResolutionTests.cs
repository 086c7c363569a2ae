using Dapper;
using NUnit.Framework;
using static Leanmote.IntegrationTests.Fixtures.ClaudeCodeFixtures;

namespace Leanmote.IntegrationTests.Infrastructure.Telemetry;

/// <summary>Matching telemetry identities to platform users (otel.md §8.2), over real PostgreSQL.</summary>
public sealed class IdentityResolutionTests : TelemetryDatabaseTest
{
    protected override string Purpose => "telemetry_identity";

    private static readonly DateTime Day = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    private async Task<long> UserAsync(Tenant? member, string email)
    {
        var user = await ScalarAsync<long>("INSERT INTO users (name, email) VALUES ('Dev', @Email) RETURNING id", new { Email = email });
        if (member is not null)
            await ExecAsync("INSERT INTO organization_members (organization_id, user_id, role) VALUES (@Org, @User, 'collaborator')",
                new { Org = member.OrganizationId, User = user });
        return user;
    }

    private Task<long> ClaudeAppAsync(Tenant t) => ScalarAsync<long>(
        "INSERT INTO apps (organization_id, provider, category, name) VALUES (@Org, 'claude_code', 'ai_assistant', 'Claude Code') RETURNING id",
        new { Org = t.OrganizationId });

    private Task MapAsync(Tenant t, long app, long user, string externalId, string? email = null) => ExecAsync("""
        INSERT INTO user_apps (organization_id, user_id, app_id, provider, external_id, external_email)
        VALUES (@Org, @User, @App, 'claude_code', @External, @Email)
        """, new { Org = t.OrganizationId, User = user, App = app, External = externalId, Email = email });

    private async Task<(long? UserId, string? MatchMethod)> IdentityAsync(Tenant t, string key)
    {
        var rows = await QueryAsync<(long? UserId, string? MatchMethod)>(
            "SELECT user_id, match_method FROM telemetry_identities WHERE organization_id = @Org AND identity_key = @Key",
            new { Org = t.OrganizationId, Key = key });
        return rows.Single();
    }

    private async Task SendPromptAsync(Tenant t, Developer dev)
    {
        await StoreAsync(t, "logs", Events(dev, new Event("user_prompt", Day, 1)));
        await NormaliseAllAsync();
    }

    [Test]
    public async Task An_explicit_mapping_beats_an_email_match()
    {
        var t = await NewTenantAsync();
        var app = await ClaudeAppAsync(t);
        var byEmail = await UserAsync(t, "shared@example.com");
        var mapped = await UserAsync(t, "other@example.com");
        await MapAsync(t, app, mapped, "acct-map");

        await SendPromptAsync(t, new Developer("s1", AccountUuid: "acct-map", Email: "shared@example.com"));

        Assert.That(await IdentityAsync(t, "acct:acct-map"), Is.EqualTo(((long?)mapped, "mapping")));
        Assert.That(byEmail, Is.Not.EqualTo(mapped));
    }

    [Test]
    public async Task A_mapping_by_account_id_or_by_external_email_matches()
    {
        var t = await NewTenantAsync();
        var app = await ClaudeAppAsync(t);
        var byAccountId = await UserAsync(t, "a@example.com");
        var byExternalEmail = await UserAsync(t, "b@example.com");
        await MapAsync(t, app, byAccountId, "user_01ABC");
        await MapAsync(t, app, byExternalEmail, "some-other-id", " Alias@Example.com ");

        await SendPromptAsync(t, new Developer("s1", AccountUuid: "acct-x", AccountId: "user_01ABC"));
        await SendPromptAsync(t, new Developer("s2", Email: "alias@example.com", InstallId: "install-2"));

        Assert.That(await IdentityAsync(t, "acct:acct-x"), Is.EqualTo(((long?)byAccountId, "mapping")));
        Assert.That(await IdentityAsync(t, "email:alias@example.com"), Is.EqualTo(((long?)byExternalEmail, "mapping")));
    }

    [Test]
    public async Task An_email_match_records_a_user_app_so_later_records_without_email_still_match()
    {
        var t = await NewTenantAsync();
        var app = await ClaudeAppAsync(t);
        var user = await UserAsync(t, "Carol@Example.com");

        await SendPromptAsync(t, new Developer("s1", AccountUuid: "acct-carol", Email: "carol@example.com"));

        Assert.That(await IdentityAsync(t, "acct:acct-carol"), Is.EqualTo(((long?)user, "email")));
        Assert.That(await ScalarAsync<long>("SELECT user_id FROM user_apps WHERE organization_id = @Org AND app_id = @App AND external_id = 'acct-carol'",
            new { Org = t.OrganizationId, App = app }), Is.EqualTo(user));
    }

    [Test]
    public async Task Users_of_another_organization_and_anonymous_installs_never_match()
    {
        var t = await NewTenantAsync();
        var other = await NewTenantAsync();
        await UserAsync(other, "outsider@example.com");
        await UserAsync(null, "nomember@example.com");

        await SendPromptAsync(t, new Developer("s1", Email: "outsider@example.com"));
        await SendPromptAsync(t, new Developer("s2", Email: "nomember@example.com", InstallId: "i-2"));
        await SendPromptAsync(t, new Developer("s3", InstallId: "anon-install"));

        Assert.That(await IdentityAsync(t, "email:outsider@example.com"), Is.EqualTo(((long?)null, (string?)null)));
        Assert.That(await IdentityAsync(t, "email:nomember@example.com"), Is.EqualTo(((long?)null, (string?)null)));
        Assert.That(await IdentityAsync(t, "install:anon-install"), Is.EqualTo(((long?)null, (string?)null)));
    }

    [Test]
    public async Task Identity_keys_follow_the_strength_order_and_keep_every_identifier()
    {
        var t = await NewTenantAsync();
        await SendPromptAsync(t, new Developer("s1", AccountUuid: "acct-1", Email: "x@example.com", InstallId: "inst-1", AccountId: "user_01X"));
        await SendPromptAsync(t, new Developer("s2", Email: "y@example.com", InstallId: "inst-2"));
        await SendPromptAsync(t, new Developer("s3", InstallId: "inst-3"));

        var rows = await QueryAsync<(string Key, string? Email, string? AccountId, string? InstallId)>(
            "SELECT identity_key, email, account_id, install_id FROM telemetry_identities WHERE organization_id = @Org ORDER BY identity_key",
            new { Org = t.OrganizationId });
        Assert.That(rows, Is.EqualTo(new[]
        {
            ("acct:acct-1", (string?)"x@example.com", (string?)"user_01X", (string?)"inst-1"),
            ("email:y@example.com", "y@example.com", null, "inst-2"),
            ("install:inst-3", null, null, "inst-3"),
        }));
    }

    [Test]
    public async Task A_new_mapping_takes_effect_after_the_cache_is_dropped_and_history_follows_the_identity()
    {
        var t = await NewTenantAsync();
        var app = await ClaudeAppAsync(t);
        var dev = new Developer("s1", AccountUuid: "acct-late");
        await SendPromptAsync(t, dev);
        Assert.That((await IdentityAsync(t, "acct:acct-late")).UserId, Is.Null);

        var user = await UserAsync(t, "late@example.com");
        await MapAsync(t, app, user, "acct-late");
        Resolver.Forget(t.OrganizationId);
        await StoreAsync(t, "logs", Events(dev, new Event("user_prompt", Day.AddMinutes(1), 2)));
        await NormaliseAllAsync();

        Assert.That(await IdentityAsync(t, "acct:acct-late"), Is.EqualTo(((long?)user, "mapping")));
        // both days' prompts hang off the one identity, so they are all attributed to the user now
        Assert.That(await ScalarAsync<long>("""
            SELECT sum(d.prompts) FROM ai_usage_daily d JOIN telemetry_identities i ON i.organization_id = d.organization_id AND i.id = d.identity_id
            WHERE d.organization_id = @Org AND i.user_id = @User
            """, new { Org = t.OrganizationId, User = user }), Is.EqualTo(2));
    }
}
