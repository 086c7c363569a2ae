using System.Net;
using Leanmote.Application;
using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Meta;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Behaviours;

/// <summary>style.md §4: the pipeline order is pinned, and authentication answers with the contract's messages.</summary>
public sealed class PipelineTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddApplication();
        services.AddSingleton(Options.Create(new AccessOptions { TokenSalt = "salt" }));
        services.AddSingleton(new Mock<Leanmote.Application.Common.Idempotency.IIdempotencyStore>().Object);
        foreach (var port in new[] { typeof(ITokenStore), typeof(IRateLimitStore), typeof(IAccessReader), typeof(IOrganizationReader), typeof(IHealthProbe) })
        {
            var mock = (Mock)Activator.CreateInstance(typeof(Mock<>).MakeGenericType(port))!;
            services.AddSingleton(port, mock.Object);
        }
        return services.BuildServiceProvider();
    }

    [Test]
    public void Pipeline_ListQuery_RunsTheBehavioursInTheDesignedOrder()
    {
        using var provider = Build();
        using var scope = provider.CreateScope();
        var behaviours = scope.ServiceProvider.GetServices<IPipelineBehavior<ListOrganizations.Query, Result<Page<OrganizationView>>>>()
            .Select(b => b.GetType().GetGenericTypeDefinition()).ToList();
        Assert.That(behaviours, Is.EqualTo(new[]
        {
            typeof(LoggingBehaviour<,>), typeof(AuthenticationBehaviour<,>), typeof(RateLimitBehaviour<,>),
            typeof(AuthorizationBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(QueryOptionsBehaviour<,>),
        }));
    }

    [Test]
    public void Pipeline_AnonymousHealth_SkipsAuthentication()
    {
        using var provider = Build();
        using var scope = provider.CreateScope();
        var behaviours = scope.ServiceProvider.GetServices<IPipelineBehavior<GetHealth.Query, Result<HealthView>>>()
            .Select(b => b.GetType().GetGenericTypeDefinition()).ToList();
        Assert.That(behaviours, Does.Not.Contain(typeof(AuthenticationBehaviour<,>)).And.Not.Contain(typeof(RateLimitBehaviour<,>)));
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 30, TimeSpan.Zero);

    private static (AuthenticationBehaviour<ListOrganizations.Query, Result<Page<OrganizationView>>> Behaviour, Mock<ITokenStore> Tokens, Mock<IRateLimitStore> Counters, RequestContext Request)
        Authentication(TokenPresence presence, TokenRecord? record, long failuresSoFar = 0, string token = "lm_secret")
    {
        var tokens = new Mock<ITokenStore>();
        tokens.Setup(t => t.FindByHashAsync(ApiToken.Hash(token, "salt"), It.IsAny<CancellationToken>())).ReturnsAsync(record);
        var counters = new Mock<IRateLimitStore>();
        counters.Setup(c => c.IncrementAsync(It.IsAny<IReadOnlyList<RateWindow>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([failuresSoFar + 1]);
        var request = new RequestContext { TokenPresence = presence, Token = presence == TokenPresence.Present ? token : null, ClientAddress = IPAddress.Loopback };
        var options = Options.Create(new AccessOptions { TokenSalt = "salt", AuthenticationFailuresPerMinute = 3 });
        return (new(tokens.Object, counters.Object, request, options, new FixedClock(Now)), tokens, counters, request);
    }

    private static TokenRecord Record(bool active = true, bool userActive = true, DateTimeOffset? expires = null, DateTimeOffset? lastUsed = null) =>
        new(new CredentialId(5), new UserId(9), active, expires, lastUsed, userActive, []);

    private static async Task<(Result<Page<OrganizationView>> Result, bool NextCalled)> RunAsync(
        AuthenticationBehaviour<ListOrganizations.Query, Result<Page<OrganizationView>>> behaviour)
    {
        var called = false;
        var result = await behaviour.Handle(new ListOrganizations.Query(QueryParameters.Empty), (_, _) =>
        {
            called = true;
            return ValueTask.FromResult<Result<Page<OrganizationView>>>(Page.Of<OrganizationView>([], 0, QueryOptions.Unset));
        }, CancellationToken.None);
        return (result, called);
    }

    private static IEnumerable<TestCaseData> Failures()
    {
        yield return new TestCaseData(TokenPresence.Missing, null, Error.MissingToken).SetName("Handle_MissingToken_ReturnsMissingMessage");
        yield return new TestCaseData(TokenPresence.Malformed, null, Error.InvalidToken).SetName("Handle_MalformedHeader_ReturnsInvalidMessage");
        yield return new TestCaseData(TokenPresence.Present, null, Error.InvalidToken).SetName("Handle_UnknownToken_ReturnsInvalidMessage");
        yield return new TestCaseData(TokenPresence.Present, Record(active: false, expires: Now.AddDays(-1)), Error.InactiveToken)
            .SetName("Handle_InactiveAndExpired_ChecksActiveFirst");
        yield return new TestCaseData(TokenPresence.Present, Record(userActive: false), Error.InactiveToken).SetName("Handle_DeactivatedUser_ReturnsInactive");
        yield return new TestCaseData(TokenPresence.Present, Record(expires: Now), Error.ExpiredToken).SetName("Handle_ExpiredToken_ReturnsExpired");
    }

    [TestCaseSource(nameof(Failures))]
    public async Task Handle_Failure_Returns401WithTheContractMessageAndCountsIt(TokenPresence presence, TokenRecord? record, string message)
    {
        var (behaviour, _, counters, _) = Authentication(presence, record);
        var (result, nextCalled) = await RunAsync(behaviour);
        Assert.That(result.Error, Is.EqualTo(Error.Unauthorized(message)));
        Assert.That(nextCalled, Is.False);
        counters.Verify(c => c.IncrementAsync(It.Is<IReadOnlyList<RateWindow>>(w => w.Single().Bucket == "authfail:127.0.0.1:minute"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_FailureBeyondTheLimit_Returns429UntilTheMinuteEnds()
    {
        var (behaviour, _, _, _) = Authentication(TokenPresence.Present, null, failuresSoFar: 3);
        var (result, _) = await RunAsync(behaviour);
        Assert.That(result.Error!.Code, Is.EqualTo(ErrorCode.RateLimited));
        Assert.That(result.Error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task Handle_ValidToken_SetsTheCallerTouchesOnceAMinuteAndCountsNothing()
    {
        var (behaviour, tokens, counters, request) = Authentication(TokenPresence.Present, Record(lastUsed: Now.AddMinutes(-5)));
        var (result, nextCalled) = await RunAsync(behaviour);
        Assert.That(result.IsSuccess && nextCalled, Is.True);
        Assert.That(request.Caller!.UserId, Is.EqualTo(new UserId(9)));
        tokens.Verify(t => t.TouchAsync(new CredentialId(5), Now, Now.AddMinutes(-1), It.IsAny<CancellationToken>()), Times.Once);
        counters.Verify(c => c.IncrementAsync(It.IsAny<IReadOnlyList<RateWindow>>(), It.IsAny<CancellationToken>()), Times.Never,
            "a success costs no counter update (the failure limit is only read, in process)");
    }

    [Test]
    public async Task Handle_RecentlyUsedToken_IsNotTouchedAgain()
    {
        var (behaviour, tokens, _, _) = Authentication(TokenPresence.Present, Record(lastUsed: Now.AddSeconds(-20)));
        await RunAsync(behaviour);
        tokens.Verify(t => t.TouchAsync(It.IsAny<CredentialId>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
