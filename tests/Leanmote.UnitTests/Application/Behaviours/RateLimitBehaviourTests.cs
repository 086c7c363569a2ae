using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Results;
using Leanmote.Domain.Access;
using Leanmote.UnitTests.Support;
using Microsoft.Extensions.Options;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Behaviours;

[TestFixture]
public sealed class RateLimitBehaviourTests : BehaviourTest
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 20, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset HourEnd = new(2026, 3, 4, 11, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MinuteEnd = new(2026, 3, 4, 10, 21, 0, TimeSpan.Zero);

    private Mock<IRateLimitStore> _counters = null!;
    private RequestContext _request = null!;
    private IReadOnlyList<RateWindow>? _windows;
    private long[] _counts = [];

    [SetUp]
    public void SetUp()
    {
        ResetNext();
        _counters = new Mock<IRateLimitStore>(MockBehavior.Strict);
        _counters.Setup(c => c.IncrementAsync(It.IsAny<IReadOnlyList<RateWindow>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<RateWindow> w, CancellationToken _) => _windows = w)
            .ReturnsAsync(() => _counts);
        _request = new RequestContext { Caller = CallerWith(5, (3, OrganizationRole.Admin)) };
    }

    private async Task<Error?> RunAsync(params long[] counts)
    {
        _counts = counts;
        var behaviour = new RateLimitBehaviour<ProbeRequest, Result<string>>(_counters.Object, _request,
            Options.Create(new AccessOptions { RequestsPerHour = 1000, RequestsPerMinute = 100 }), new FakeClock(Now));
        return (await behaviour.Handle(ProbeRequest.Any, Next, CancellationToken.None)).Error;
    }

    [Test]
    public async Task Handle_Request_IncrementsTheTokensHourAndMinuteWindows()
    {
        await RunAsync(1, 1);
        Assert.That(_windows, Is.EqualTo(new[]
        {
            new RateWindow("token:900:hour", new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero), HourEnd),
            new RateWindow("token:900:minute", new DateTimeOffset(2026, 3, 4, 10, 20, 0, TimeSpan.Zero), MinuteEnd),
        }));
    }

    [Test]
    public async Task Handle_WithinLimits_RecordsHourlyStateAndRunsNext()
    {
        var error = await RunAsync(5, 3);
        Assert.That((error, NextCalls, _request.RateLimit), Is.EqualTo(((Error?)null, 1, new RateLimitState(1000, 995, HourEnd))));
    }

    [Test]
    public async Task Handle_LastRequestOfTheHour_IsAllowedWithNothingRemaining()
    {
        var error = await RunAsync(1000, 100);
        Assert.That((error, NextCalls, _request.RateLimit), Is.EqualTo(((Error?)null, 1, new RateLimitState(1000, 0, HourEnd))));
    }

    [Test]
    public async Task Handle_HourExhausted_Is429UntilTheHourEnds()
    {
        var error = await RunAsync(1001, 1);
        Assert.That((error?.Code, error?.RetryAfter, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.RateLimited, (TimeSpan?)(HourEnd - Now), 0)));
        Assert.That(_request.RateLimit, Is.EqualTo(new RateLimitState(1000, 0, HourEnd)));
    }

    [Test]
    public async Task Handle_MinuteExhausted_Is429UntilTheMinuteEndsDescribingThatWindow()
    {
        var error = await RunAsync(50, 101);
        Assert.That((error?.Code, error?.RetryAfter, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.RateLimited, (TimeSpan?)TimeSpan.FromSeconds(30), 0)));
        Assert.That(_request.RateLimit, Is.EqualTo(new RateLimitState(100, 0, MinuteEnd)));
    }

    [Test]
    public async Task Handle_BothExhausted_ReportsTheHour()
    {
        var error = await RunAsync(1001, 101);
        Assert.That(error?.RetryAfter, Is.EqualTo(HourEnd - Now));
    }

    [Test]
    public void Handle_NoCaller_Throws()
    {
        _request.Caller = null;
        Assert.That(async () => await RunAsync(1, 1), Throws.InvalidOperationException);
    }
}
