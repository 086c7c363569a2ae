namespace Leanmote.ContractTests.Support;

/// <summary>Base of the fixtures that talk to the shared target; skips InProcess tests against a remote one.</summary>
public abstract class ContractTest
{
    protected static ApiTarget Target => ContractSetup.Target;

    protected static ApiClient Api => Target.Client;

    protected static FixtureData Data => Target.Data;

    /// <summary>A whole in-process fixture is skipped before its own one-time set-up (which may need the host) runs.</summary>
    [OneTimeSetUp]
    public void SkipInProcessFixturesAgainstRemoteTargets() => ApiTarget.SkipUnlessInProcess(Target.IsInProcess, GetType());

    [SetUp]
    public void SkipInProcessTestsAgainstRemoteTargets()
    {
        var method = TestContext.CurrentContext.Test.MethodName is { } name
            ? GetType().GetMethods().FirstOrDefault(m => m.Name == name)
            : null;
        ApiTarget.SkipUnlessInProcess(Target.IsInProcess, GetType(), method);
    }
}
