using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Leanmote.UnitTests.Support;
using Microsoft.Extensions.Options;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Handlers;

[TestFixture]
public sealed class CreateApiCredentialTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private Mock<IApiCredentialStore> _store = null!;
    private RequestContext _request = null!;
    private (string Hash, string Preview, DateTimeOffset? ExpiresAt, UserId User, UserId By)? _stored;
    private IReadOnlyList<long>? _scope;

    [SetUp]
    public void SetUp()
    {
        _stored = null;
        _store = new Mock<IApiCredentialStore>(MockBehavior.Strict);
        _store.Setup(s => s.CreateAsync(It.IsAny<UserId>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset?>(), It.IsAny<UserId>(),
                It.IsAny<IReadOnlyList<long>?>(), It.IsAny<CancellationToken>()))
            .Callback((UserId u, string h, string p, DateTimeOffset? e, UserId by, IReadOnlyList<long>? scope, CancellationToken _) => (_stored, _scope) = ((h, p, e, u, by), scope))
            .ReturnsAsync((UserId u, string h, string p, DateTimeOffset? e, UserId by, IReadOnlyList<long>? scope, CancellationToken _) =>
                new CredentialView(new CredentialId(31), p, true, e, null, Now));
        _request = new RequestContext { Caller = new Caller(new UserId(2), new CredentialId(1), []) };
        _request.Scope = [7];
    }

    private async Task<Result<Created<CreatedCredentialView>>> RunAsync(string? expiresAt) =>
        await new CreateApiCredential.Handler(_store.Object, _request, Options.Create(new AccessOptions { TokenSalt = "s4lt" }))
            .Handle(new CreateApiCredential.Command("usr_9", expiresAt, QueryParameters.Empty), CancellationToken.None);

    [Test]
    public async Task Handle_Create_ShowsTheTokenAndStoresOnlyItsHashAndPreview()
    {
        var created = (await RunAsync(null)).Value.Resource;
        Assert.That(created.Token, Does.StartWith("lm_").And.Length.GreaterThanOrEqualTo(40));
        Assert.That(_stored!.Value.Hash, Is.EqualTo(ApiToken.Hash(created.Token, "s4lt")));
        Assert.That((_stored.Value.Preview, created.TokenPreview), Is.EqualTo((created.Token[..5], created.Token[..5])));
        Assert.That((_stored.Value.User, _stored.Value.By, created.Id, created.ExpiresAt), Is.EqualTo((new UserId(9), new UserId(2), new CredentialId(31), (DateTimeOffset?)null)));
    }

    [Test]
    public async Task Handle_ForAnotherUser_IsScopedToTheOrganizationsTheCallerAdministers()
    {
        await RunAsync(null);
        Assert.That(_scope, Is.EqualTo(new long[] { 7 }));
    }

    [Test]
    public async Task Handle_ForThemself_IsNotScoped()
    {
        _request = new RequestContext { Caller = new Caller(new UserId(9), new CredentialId(1), []) };
        await RunAsync(null);
        Assert.That(_scope, Is.Null);
    }

    [Test]
    public async Task Handle_StoreRefuses_IsForbidden()
    {
        _store.Setup(s => s.CreateAsync(It.IsAny<UserId>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset?>(), It.IsAny<UserId>(),
                It.IsAny<IReadOnlyList<long>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CredentialView?)null);
        var result = await RunAsync(null);
        Assert.That(result.Error!.Code, Is.EqualTo(ErrorCode.Forbidden));
    }

    [Test]
    public async Task Handle_TwoCreations_GiveDifferentTokens()
    {
        var first = (await RunAsync(null)).Value.Resource.Token;
        var second = (await RunAsync(null)).Value.Resource.Token;
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task Handle_ExpiresAtWithOffset_IsStoredInUtc()
    {
        await RunAsync("2027-01-31T02:00:00+02:00");
        Assert.That(_stored!.Value.ExpiresAt, Is.EqualTo(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(_stored.Value.ExpiresAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void CredentialView_ListedFields_NeverIncludeTokenOrHash() =>
        Assert.That(typeof(CredentialView).GetProperties().Select(p => p.Name), Has.None.EqualTo("Token").And.None.Contains("Hash").And.Member("TokenPreview"));

    [TestCase("2027-01-31T00:00:00Z", true)]
    [TestCase("2025-01-31T00:00:00Z", false)]
    [TestCase("2027-01-31", false)]
    [TestCase("2027-01-31T00:00:00", false)]
    [TestCase("tomorrow", false)]
    public void Validator_ExpiresAt_MustBeAFutureInstantWithZone(string value, bool valid)
    {
        var result = new CreateApiCredential.Validator(new FakeClock(Now)).Validate(new CreateApiCredential.Command("usr_1", value, QueryParameters.Empty));
        Assert.That(result.IsValid, Is.EqualTo(valid));
    }

    [Test]
    public void Validator_NoExpiry_IsValid() =>
        Assert.That(new CreateApiCredential.Validator(new FakeClock(Now)).Validate(new CreateApiCredential.Command("usr_1", null, QueryParameters.Empty)).IsValid, Is.True);

    [Test]
    public void Validator_NonTimestamp_GetsOneDetail() =>
        Assert.That(new CreateApiCredential.Validator(new FakeClock(Now)).Validate(new CreateApiCredential.Command("usr_1", "soon", QueryParameters.Empty)).Errors, Has.Count.EqualTo(1));
}

[TestFixture]
public sealed class DeactivateAndListApiCredentialsTests
{
    private Mock<IApiCredentialStore> _store = null!;

    [SetUp]
    public void SetUp() => _store = new Mock<IApiCredentialStore>(MockBehavior.Strict);

    private async Task<Result<NoContent>> DeactivateAsync(string credential) =>
        await new DeactivateApiCredential.Handler(_store.Object).Handle(new DeactivateApiCredential.Command("usr_4", credential, QueryParameters.Empty), CancellationToken.None);

    [TestCase("cred_x")]
    [TestCase("usr_1")]
    [TestCase("7")]
    public async Task Deactivate_UnparseableCredential_IsNotFoundWithoutStore(string raw)
    {
        Assert.That((await DeactivateAsync(raw)).Error?.Code, Is.EqualTo(ErrorCode.NotFound));
        _store.VerifyNoOtherCalls();
    }

    [TestCase(true, null)]
    [TestCase(false, ErrorCode.NotFound)]
    public async Task Deactivate_StoreAnswer_MapsToNoContentOrNotFound(bool found, ErrorCode? expected)
    {
        var credential = PublicId.Format(CredentialId.Prefix, 12);
        _store.Setup(s => s.DeactivateAsync(new UserId(4), new CredentialId(12), It.IsAny<CancellationToken>())).ReturnsAsync(found);
        var result = await DeactivateAsync(credential);
        Assert.That(result.Error?.Code, Is.EqualTo(expected));
    }

    [Test]
    public async Task List_Page_CarriesRowsTotalAndOptions()
    {
        var options = QueryOptions.Unset with { Page = 2 };
        var row = new CredentialView(new CredentialId(1), "lm_ab", true, null, null, DateTimeOffset.UnixEpoch);
        _store.Setup(s => s.ListAsync(new UserId(4), options, It.IsAny<CancellationToken>())).ReturnsAsync(([row], 51L));
        var page = (await new ListApiCredentials.Handler(_store.Object)
            .Handle(new ListApiCredentials.Query("usr_4", QueryParameters.Empty).WithOptions(options), CancellationToken.None)).Value;
        Assert.That((page.Items.Single(), page.Total, page.Options), Is.EqualTo((row, 51L, options)));
    }
}
