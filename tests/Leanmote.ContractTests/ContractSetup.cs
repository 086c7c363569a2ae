using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>Starts the shared target once for the whole assembly (the only static the suite shares).</summary>
[SetUpFixture]
public sealed class ContractSetup
{
    private static ApiTarget? _target;

    public static ApiTarget Target => _target ?? throw new InvalidOperationException("The contract target has not started");

    [OneTimeSetUp]
    public async Task StartTargetAsync() => _target = await ApiTarget.StartAsync();

    [OneTimeTearDown]
    public async Task StopTargetAsync()
    {
        if (_target is not null) await _target.DisposeAsync();
        _target = null;
    }
}
