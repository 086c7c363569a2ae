using System.Net;
using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.UnitTests.Support;
using Microsoft.Extensions.Options;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Behaviours;

[TestFixture]
public sealed class AuthenticationBehaviourTests : BehaviourTest
{
    private const string Salt = "pepper";
    private const string Token = "lm_secret-token";
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 20, 30, TimeSpan.Zero);

    private Mock<ITokenStore> _tokens = null!;
    private Mock<IRateLimitStore> _counters = null!;
    private RequestContext _request = null!;
    private FakeClock _clock = null!;
    private List<RateWindow> _counted = null!;
    private long _failureCount;

    [SetUp]
    public void SetUp()
    {
        ResetNext();
        _tokens = new Mock<ITokenStore>(MockBehavior.Strict);
        _counters = new Mock<IRateLimitStore>(MockBehavior.Strict);
        _request = new RequestContext { TokenPresence = TokenPresence.Present, Token = Token, ClientAddress = IPAddress.Parse("203.0.113.9") };
        _clock = new FakeClock(Now);
        _counted = [];
        _failureCount = 1;
        _counters.Setup(c => c.IncrementAsync(It.IsAny<IReadOnlyList<RateWindow>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<RateWindow> w, CancellationToken _) => _counted.AddRange(w))
            .ReturnsAsync(() => [_failureCount]);
        _observedFailures = 0;
        _counters.Setup(c => c.ObservedCount(It.IsAny<RateWindow>())).Returns(() => _observedFailures);
    }

    private long _observedFailures;

    private AuthenticationBehaviour<ProbeRequest, Result<string>> Behaviour() =>
        new(_tokens.Object, _counters.Object, _request, Options.Create(new AccessOptions { TokenSalt = Salt, AuthenticationFailuresPerMinute = 60 }), _clock);

    private void Stored(TokenRecord? record) =>
        _tokens.Setup(t => t.FindByHashAsync(ApiToken.Hash(Token, Salt), It.IsAny<CancellationToken>())).ReturnsAsync(record);

    private static TokenRecord Record(bool active = true, bool userActive = true, DateTimeOffset? expiresAt = null, DateTimeOffset? lastUsedAt = null) =>
        new(new CredentialId(11), new UserId(5), active, expiresAt, lastUsedAt, userActive, [new Membership(new OrganizationId(3), OrganizationRole.Admin)]);

    private async Task<Error?> RunAsync() => (await Behaviour().Handle(ProbeRequest.Any, Next, CancellationToken.None)).Error;

    [Test]
    public async Task Handle_MissingToken_Is401MissingWithoutLookup()
    {
        _request.TokenPresence = TokenPresence.Missing;
        _request.Token = null;
        var error = await RunAsync();
        Assert.That((error?.Code, error?.Message, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.Unauthorized, "Missing authentication token", 0)));
        _tokens.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_MalformedHeader_Is401Invalid()
    {
        _request.TokenPresence = TokenPresence.Malformed;
        _request.Token = null;
        var error = await RunAsync();
        Assert.That((error?.Code, error?.Message, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.Unauthorized, "Invalid authentication token", 0)));
    }

    [Test]
    public async Task Handle_UnknownToken_Is401Invalid()
    {
        Stored(null);
        var error = await RunAsync();
        Assert.That((error?.Code, error?.Message, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.Unauthorized, "Invalid authentication token", 0)));
    }

    [Test]
    public async Task Handle_InactiveCredential_Is401Inactive()
    {
        Stored(Record(active: false));
        var error = await RunAsync();
        Assert.That((error?.Message, NextCalls), Is.EqualTo(("Authentication token is inactive", 0)));
    }

    [Test]
    public async Task Handle_InactiveUser_Is401Inactive()
    {
        Stored(Record(userActive: false));
        var error = await RunAsync();
        Assert.That((error?.Message, NextCalls), Is.EqualTo(("Authentication token is inactive", 0)));
    }

    [Test]
    public async Task Handle_InactiveAndExpired_ReportsInactiveFirst()
    {
        Stored(Record(active: false, expiresAt: Now.AddDays(-1)));
        Assert.That((await RunAsync())?.Message, Is.EqualTo("Authentication token is inactive"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(-86400)]
    public async Task Handle_ExpiredToken_Is401Expired(int secondsFromNow)
    {
        Stored(Record(expiresAt: Now.AddSeconds(secondsFromNow)));
        var error = await RunAsync();
        Assert.That((error?.Code, error?.Message, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.Unauthorized, "Authentication token has expired", 0)));
    }

    [Test]
    public async Task Handle_ValidToken_SetsCallerAndRunsNextWithoutCountingAFailure()
    {
        Stored(Record(expiresAt: Now.AddSeconds(1), lastUsedAt: Now.AddSeconds(-10)));
        var error = await RunAsync();
        Assert.That((error, NextCalls), Is.EqualTo(((Error?)null, 1)));
        Assert.That(_request.Caller, Is.EqualTo(new Caller(new UserId(5), new CredentialId(11), _request.Caller!.Memberships)));
        Assert.That(_request.Caller.Memberships, Is.EqualTo(new[] { new Membership(new OrganizationId(3), OrganizationRole.Admin) }));
        _counters.Verify(c => c.IncrementAsync(It.IsAny<IReadOnlyList<RateWindow>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestCase(null, true)]
    [TestCase(-61, true)]
    [TestCase(-3600, true)]
    [TestCase(-60, false)]
    [TestCase(-59, false)]
    [TestCase(0, false)]
    public async Task Handle_ValidToken_TouchesOnlyWhenLastUseIsOlderThanAMinute(int? lastUsedSecondsAgo, bool touched)
    {
        Stored(Record(lastUsedAt: lastUsedSecondsAgo is { } s ? Now.AddSeconds(s) : null));
        _tokens.Setup(t => t.TouchAsync(new CredentialId(11), Now, Now.AddMinutes(-1), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        await RunAsync();
        _tokens.Verify(t => t.TouchAsync(It.IsAny<CredentialId>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()),
            touched ? Times.Once() : Times.Never());
        Assert.That(NextCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task Handle_Failure_CountsInTheAddressMinuteWindow()
    {
        Stored(null);
        await RunAsync();
        Assert.That(_counted, Is.EqualTo(new[]
        {
            new RateWindow("authfail:203.0.113.9:minute", new DateTimeOffset(2026, 3, 4, 10, 20, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 4, 10, 21, 0, TimeSpan.Zero)),
        }));
    }

    [TestCase(TokenPresence.Missing)]
    [TestCase(TokenPresence.Malformed)]
    public async Task Handle_EveryKindOfFailure_IsCounted(TokenPresence presence)
    {
        _request.TokenPresence = presence;
        await RunAsync();
        Assert.That(_counted, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Handle_ExpiredAndInactive_AreCounted()
    {
        Stored(Record(expiresAt: Now.AddDays(-1)));
        await RunAsync();
        Stored(Record(active: false));
        await RunAsync();
        Assert.That(_counted, Has.Count.EqualTo(2));
    }

    [TestCase(1)]
    [TestCase(60)]
    public async Task Handle_FailuresUpToTheLimit_Are401(long count)
    {
        Stored(null);
        _failureCount = count;
        Assert.That((await RunAsync())?.Code, Is.EqualTo(ErrorCode.Unauthorized));
    }

    [TestCase(61)]
    [TestCase(1000)]
    public async Task Handle_FailureBeyondTheLimit_Is429UntilTheWindowEnds(long count)
    {
        Stored(null);
        _failureCount = count;
        var error = await RunAsync();
        Assert.That((error?.Code, error?.RetryAfter, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.RateLimited, (TimeSpan?)TimeSpan.FromSeconds(30), 0)));
    }

    [TestCase(60)]
    [TestCase(500)]
    public async Task Handle_AddressAlreadyOverTheFailureLimit_Is429BeforeAnyTokenLookup(long observed)
    {
        _observedFailures = observed;
        Stored(Record(lastUsedAt: Now));

        var error = await RunAsync();

        Assert.That((error?.Code, error?.RetryAfter, NextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.RateLimited, (TimeSpan?)TimeSpan.FromSeconds(30), 0)));
        _tokens.Verify(t => t.FindByHashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.That(_counted, Is.Empty, "a refused request costs no counter update either");
    }

    [Test]
    public async Task Handle_ValidTokenBelowTheObservedLimit_WorksWithoutTouchingTheFailureCounter()
    {
        _failureCount = 500;
        Stored(Record(lastUsedAt: Now));
        Assert.That(((await RunAsync()), NextCalls), Is.EqualTo(((Error?)null, 1)));
    }

    [Test]
    public async Task Handle_NoClientAddress_CountsUnderUnknown()
    {
        _request.ClientAddress = null;
        _request.TokenPresence = TokenPresence.Missing;
        await RunAsync();
        Assert.That(_counted.Single().Bucket, Is.EqualTo("authfail:unknown:minute"));
    }
}
