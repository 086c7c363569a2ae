using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary>scim.md §5.5, §6, §9, §11.4 for Groups (teams).</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimGroupsTests : ContractTest
{
    private static async Task<string[]> MembersAsync(ScimTenant tenant, string group)
    {
        var json = Scim.Expect(await Scim.GetAsync(Api, $"/Groups/{group}", tenant.ScimToken), 200);
        return [.. json.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()!)];
    }

    [Test]
    public async Task Post_WithMembers_Is201_AndMembersAreOrderedAndDescribed()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var a = await Scim.CreateUserAsync(Api, tenant, "ga@example.com", ""","displayName":"Gee Ay" """);
        var response = await Scim.PostAsync(Api, "/Groups", tenant.ScimToken,
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Builders","externalId":"ext-1","members":[{"value":"{{a}}","display":"ignored"},{"value":"{{tenant.AdminPublicId}}"}]}""");

        var group = Scim.Expect(response, 201);
        Assert.That(group.GetProperty("id").GetString(), Does.Match("^team_[0-9]+$"));
        Assert.That(response.Headers.ETag?.ToString(), Is.EqualTo("W/\"1\""));
        var members = group.GetProperty("members").EnumerateArray().ToList();
        Assert.That(members.Select(m => m.GetProperty("value").GetString()), Is.EqualTo(new[] { tenant.AdminPublicId, a }), "ordered by user id");
        Assert.That(members[1].GetProperty("display").GetString(), Is.EqualTo("Gee Ay"));
        Assert.That(members[1].GetProperty("$ref").GetString(), Does.EndWith("/scim/v2/Users/" + a));
        Assert.That(group.GetProperty("externalId").GetString(), Is.EqualTo("ext-1"));
    }

    [Test]
    public async Task Post_DisplayNameTakenInAnyCase_Is409()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        await Scim.CreateGroupAsync(Api, tenant, "Ünits");
        Scim.ExpectError(await Scim.PostAsync(Api, "/Groups", tenant.ScimToken, """{"displayName":"üNITS"}"""), 409, "uniqueness");
    }

    [Test]
    public async Task Post_MemberOfAnotherOrganization_Is400AndCreatesNothing()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var other = await ScimTenant.CreateAsync(Target.Host!);
        var stranger = await Scim.CreateUserAsync(Api, other, "stranger@example.com");
        var error = Scim.ExpectError(await Scim.PostAsync(Api, "/Groups", tenant.ScimToken, $$"""{"displayName":"Mixed","members":[{"value":"{{stranger}}"}]}"""), 400, "invalidValue");
        Assert.That(error.GetProperty("detail").GetString(), Does.Contain(stranger));
        Scim.ExpectList(await Scim.GetAsync(Api, "/Groups?filter=" + Scim.Escape("displayName eq \"Mixed\""), tenant.ScimToken), 0);
        Scim.ExpectError(await Scim.PostAsync(Api, "/Groups", tenant.ScimToken, """{"displayName":"Nested","members":[{"value":"team_1","type":"Group"}]}"""), 400, "invalidValue");
        Scim.ExpectError(await Scim.PostAsync(Api, "/Groups", tenant.ScimToken, """{"members":[]}"""), 400, "invalidValue");
    }

    [Test]
    public async Task Patch_Is204_AndGetShowsTheChange()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var a = await Scim.CreateUserAsync(Api, tenant, "pa@example.com");
        var group = await Scim.CreateGroupAsync(Api, tenant, "Patchers");

        var response = await Scim.PatchAsync(Api, $"/Groups/{group}", tenant.ScimToken, $$"""{"Operations":[{"op":"add","path":"members","value":[{"value":"{{a}}"}]}]}""");

        Assert.That(response.StatusCode, Is.EqualTo(204));
        Assert.That(response.Body, Is.Empty);
        Assert.That(await MembersAsync(tenant, group), Is.EqualTo(new[] { a }));
        var again = await Scim.PatchAsync(Api, $"/Groups/{group}", tenant.ScimToken, $$"""{"Operations":[{"op":"add","path":"members","value":[{"value":"{{a}}"}]}]}""");
        Assert.That(again.StatusCode, Is.EqualTo(204), "adding an existing member is a no-op");
        var version = Scim.Expect(await Scim.GetAsync(Api, $"/Groups/{group}", tenant.ScimToken), 200).GetProperty("meta").GetProperty("version").GetString();
        Assert.That(version, Is.EqualTo("W/\"2\""), "membership changes bump the group; the no-op does not");
    }

    [Test]
    public async Task Patch_ConcurrentMemberAdds_AllLand()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var group = await Scim.CreateGroupAsync(Api, tenant, "Crowd");
        var users = new List<string>();
        for (var i = 0; i < 8; i++) users.Add(await Scim.CreateUserAsync(Api, tenant, $"crowd{i}@example.com"));

        var responses = await Task.WhenAll(users.Select(u =>
            Scim.PatchAsync(Api, $"/Groups/{group}", tenant.ScimToken, $$"""{"Operations":[{"op":"add","path":"members","value":[{"value":"{{u}}"}]}]}""")));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(204));
        Assert.That(await MembersAsync(tenant, group), Is.EquivalentTo(users));
    }

    [Test]
    public async Task Patch_UnknownMember_Is400AndNothingApplied()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var group = await Scim.CreateGroupAsync(Api, tenant, "Careful", tenant.AdminPublicId);
        var response = await Scim.PatchAsync(Api, $"/Groups/{group}", tenant.ScimToken,
            """{"Operations":[{"op":"remove","path":"members"},{"op":"add","path":"members","value":[{"value":"usr_999999999"}]}]}""");
        Scim.ExpectError(response, 400, "invalidValue");
        Assert.That(await MembersAsync(tenant, group), Is.EqualTo(new[] { tenant.AdminPublicId }));
    }

    [Test]
    public async Task Put_WithoutMembers_KeepsThem_EmptyArrayEmpties_RenameCollides()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var group = await Scim.CreateGroupAsync(Api, tenant, "Putters", tenant.AdminPublicId);
        await Scim.CreateGroupAsync(Api, tenant, "Other Name");

        var renamed = Scim.Expect(await Scim.PutAsync(Api, $"/Groups/{group}", tenant.ScimToken, """{"displayName":"Putters 2","id":"team_0"}"""), 200);
        Assert.That(renamed.GetProperty("displayName").GetString(), Is.EqualTo("Putters 2"));
        Assert.That(await MembersAsync(tenant, group), Is.EqualTo(new[] { tenant.AdminPublicId }));

        Scim.Expect(await Scim.PutAsync(Api, $"/Groups/{group}", tenant.ScimToken, """{"displayName":"Putters 2","members":[]}"""), 200);
        Assert.That(await MembersAsync(tenant, group), Is.Empty);
        Scim.ExpectError(await Scim.PutAsync(Api, $"/Groups/{group}", tenant.ScimToken, """{"displayName":"other name"}"""), 409, "uniqueness");
    }

    [Test]
    public async Task Delete_SoftDeletes_ReleasesTheName_AndHidesTheTeamFromRest()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var group = await Scim.CreateGroupAsync(Api, tenant, "Ephemeral", tenant.AdminPublicId);

        Assert.That((await Scim.DeleteAsync(Api, $"/Groups/{group}", tenant.ScimToken)).StatusCode, Is.EqualTo(204));

        Scim.ExpectError(await Scim.GetAsync(Api, $"/Groups/{group}", tenant.ScimToken), 404);
        Scim.ExpectError(await Scim.DeleteAsync(Api, $"/Groups/{group}", tenant.ScimToken), 404);
        var recreated = await Scim.CreateGroupAsync(Api, tenant, "ephemeral");
        Assert.That(recreated, Is.Not.EqualTo(group));
        var teams = EnvelopeAssert.List(await Api.GetAsync("/v1/teams", tenant.AdminToken));
        Assert.That(teams.Select(t => t.GetProperty("id").GetString()), Does.Not.Contain(group).And.Contain(recreated));
        var row = await Target.Host!.SqlAsync("SELECT deleted_at IS NOT NULL FROM teams WHERE id = @id", ("id", long.Parse(group[5..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(row, Is.True, "the team row stays for historical attribution");
    }

    [Test]
    public async Task Get_ExcludedMembers_OmitsThem_DefaultIncludesEmptyArray()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var group = await Scim.CreateGroupAsync(Api, tenant, "Quiet");
        var full = Scim.Expect(await Scim.GetAsync(Api, $"/Groups/{group}", tenant.ScimToken), 200);
        Assert.That(full.GetProperty("members").GetArrayLength(), Is.Zero);
        var slim = Scim.Expect(await Scim.GetAsync(Api, $"/Groups/{group}?excludedAttributes=members", tenant.ScimToken), 200);
        Assert.That(slim.TryGetProperty("members", out _), Is.False);
    }

    [Test]
    public async Task TeamsMadeOutsideScim_AreGroups()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!);
        var id = (long)(await Target.Host!.SqlAsync("INSERT INTO teams (organization_id, name) VALUES (@o, 'From the UI') RETURNING id", ("o", tenant.OrganizationId)))!;
        var list = Scim.ExpectList(await Scim.GetAsync(Api, "/Groups?filter=" + Scim.Escape("displayName eq \"from the ui\""), tenant.ScimToken), 1);
        Assert.That(Scim.Ids(list), Is.EqualTo(new[] { "team_" + id }));
    }
}
