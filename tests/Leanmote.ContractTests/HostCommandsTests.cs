using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>The executable's administrative commands: exit codes, and nothing but the result on stdout.</summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class HostCommandsTests : ContractTest
{
    [Test]
    public async Task Migrate_CurrentDatabase_ExitsZeroAndPrintsNothingOnStdout()
    {
        var outcome = await Target.Host!.RunHostCommandAsync("migrate");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.StandardError);
        Assert.That(outcome.StandardOutput, Is.Empty);
        Assert.That(outcome.StandardError, Does.Contain("migrations applied: 0"));
    }

    [Test]
    public async Task CreateToken_UnknownEmail_ExitsOneWithMessageOnStderrOnly()
    {
        var outcome = await Target.Host!.RunHostCommandAsync("create-token", "--email", "nobody@x");

        Assert.That(outcome.ExitCode, Is.EqualTo(1));
        Assert.That(outcome.StandardOutput, Is.Empty);
        Assert.That(outcome.StandardError, Does.Contain("nobody@x"));
    }

    [Test]
    public async Task CreateToken_InactiveUser_ExitsOne()
    {
        var outcome = await Target.Host!.RunHostCommandAsync("create-token", "--email", Data.Ivan.Email);

        Assert.That(outcome.ExitCode, Is.EqualTo(1));
        Assert.That(outcome.StandardOutput, Is.Empty);
    }

    [Test]
    public async Task CreateToken_ExpiryInThePast_ExitsOne()
    {
        var outcome = await Target.Host!.RunHostCommandAsync("create-token", "--email", Data.Carol.Email, "--expires-at", "2020-01-01T00:00:00Z");

        Assert.That(outcome.ExitCode, Is.EqualTo(1));
        Assert.That(outcome.StandardOutput, Is.Empty);
        Assert.That(outcome.StandardError, Does.Contain("future"));
    }

    [Test]
    public async Task UnknownCommand_ExitsTwoWithUsageOnStderr()
    {
        var outcome = await Target.Host!.RunHostCommandAsync("frobnicate");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.StandardOutput, Is.Empty);
        Assert.That(outcome.StandardError, Does.Contain("usage"));
    }
}
