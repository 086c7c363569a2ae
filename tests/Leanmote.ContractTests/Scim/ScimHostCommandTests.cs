using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Scim;

/// <summary><c>create-scim-token</c> (the run task prints its token): stdout is the token alone, and it works.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class ScimHostCommandTests : ContractTest
{
    [Test]
    public async Task CreateScimToken_BySlug_PrintsAWorkingToken_AndRotateRevokesThePrevious()
    {
        var tenant = await ScimTenant.CreateAsync(Target.Host!, "cmd");
        var slug = (string)(await Target.Host!.SqlAsync("SELECT slug FROM organizations WHERE id = @id", ("id", tenant.OrganizationId)))!;

        var first = await Target.Host.RunHostCommandAsync("create-scim-token", "--organization", slug, "--description", "run-task", "--rotate", "true");
        Assert.That(first.ExitCode, Is.Zero, first.StandardError);
        var firstToken = first.StandardOutput.Trim();
        Assert.That(firstToken, Does.Match("^lmscim_[A-Za-z0-9_-]{43}$"));
        Scim.Expect(await Scim.GetAsync(Api, "/Users", firstToken), 200);

        var second = await Target.Host.RunHostCommandAsync("create-scim-token", "--organization", tenant.OrganizationPublicId, "--description", "run-task", "--rotate", "true");
        Assert.That(second.ExitCode, Is.Zero, second.StandardError);
        Scim.Expect(await Scim.GetAsync(Api, "/Users", second.StandardOutput.Trim()), 200);
        Scim.ExpectError(await Scim.GetAsync(Api, "/Users", firstToken), 401);
        Scim.Expect(await Scim.GetAsync(Api, "/Users", tenant.ScimToken), 200);
    }

    [Test]
    public async Task CreateScimToken_UnknownOrganization_ExitsOne()
    {
        var outcome = await Target.Host!.RunHostCommandAsync("create-scim-token", "--organization", "no-such-slug");
        Assert.That(outcome.ExitCode, Is.EqualTo(1));
        Assert.That(outcome.StandardOutput, Is.Empty);
        Assert.That(outcome.StandardError, Does.Contain("no-such-slug"));
    }
}
