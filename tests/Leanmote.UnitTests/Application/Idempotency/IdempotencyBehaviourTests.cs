using System.Text.Json;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Idempotency;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Idempotency;

[TestFixture]
public sealed class IdempotencyBehaviourTests
{
    public sealed record Write(string Body, string? IdempotencyKey) : ICommand<Result<Upserted<string>>>, IIdempotentCommand;

    private Mock<IIdempotencyStore> _store = null!;
    private Mock<IResponseCodec> _codec = null!;
    private RequestContext _request = null!;
    private int _handlerRuns;
    private IdempotencyEntry? _claimed;

    [SetUp]
    public void SetUp()
    {
        _store = new Mock<IIdempotencyStore>(MockBehavior.Strict);
        _codec = new Mock<IResponseCodec>(MockBehavior.Strict);
        _request = new RequestContext
        {
            Caller = new Caller(new UserId(7), new CredentialId(1), [new Membership(new OrganizationId(3), OrganizationRole.Manager)]),
            Scope = [3],
        };
        _handlerRuns = 0;
        _claimed = null;
    }

    private IdempotencyBehaviour<Write, Result<Upserted<string>>> Behaviour() =>
        new(_store.Object, _codec.Object, _request, TimeProvider.System, NullLogger<IdempotencyBehaviour<Write, Result<Upserted<string>>>>.Instance);

    private ValueTask<Result<Upserted<string>>> Handler(Write message, CancellationToken ct)
    {
        _handlerRuns++;
        return ValueTask.FromResult<Result<Upserted<string>>>(new Upserted<string>("resource:" + message.Body, true));
    }

    private void Claim(IdempotencyClaim claim) =>
        _store.Setup(s => s.ClaimAsync(It.IsAny<IdempotencyEntry>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback((IdempotencyEntry e, DateTimeOffset _, DateTimeOffset _, DateTimeOffset _, CancellationToken _) => _claimed = e)
            .ReturnsAsync(claim);

    [Test]
    public async Task Handle_NoKey_RunsTheHandlerWithoutTheStore()
    {
        var result = await Behaviour().Handle(new Write("a", null), Handler, CancellationToken.None);
        Assert.That((result.Value.Resource, _handlerRuns), Is.EqualTo(("resource:a", 1)));
    }

    [TestCase("")]
    [TestCase("line\nbreak")]
    [TestCase("caf\u00e9")]
    [TestCase("tab\there")]
    public async Task Handle_MalformedKey_Returns400WithoutRunning(string key)
    {
        var result = await Behaviour().Handle(new Write("a", key), Handler, CancellationToken.None);
        Assert.That((result.Error?.Code, result.Error?.Details?[0].Field, _handlerRuns), Is.EqualTo(((ErrorCode?)ErrorCode.Validation, "Idempotency-Key", 0)));
    }

    [Test]
    public async Task Handle_KeyOf256Characters_Returns400() =>
        Assert.That((await Behaviour().Handle(new Write("a", new string('k', 256)), Handler, CancellationToken.None)).Error?.Code, Is.EqualTo(ErrorCode.Validation));

    [Test]
    public async Task Handle_NewKey_RunsOnceAndStoresTheResponse()
    {
        Claim(new IdempotencyClaim.Claimed());
        _codec.Setup(c => c.Encode(It.IsAny<object>(), typeof(Upserted<string>))).Returns((201, "stored"));
        _store.Setup(s => s.CompleteAsync(It.IsAny<IdempotencyEntry>(), 201, "stored", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await Behaviour().Handle(new Write("a", "key-1"), Handler, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Value.Resource, Is.EqualTo("resource:a"));
            Assert.That(_handlerRuns, Is.EqualTo(1));
            Assert.That((_claimed!.OrganizationId, _claimed.UserId, _claimed.Key), Is.EqualTo((3L, 7L, "key-1")));
        });
        _store.Verify(s => s.CompleteAsync(It.Is<IdempotencyEntry>(e => e == _claimed), 201, "stored", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_CompletingTheKeyFailsAfterTheWriteCommitted_KeepsTheKeyClaimedAndAnswersTheWrite()
    {
        Claim(new IdempotencyClaim.Claimed());
        _codec.Setup(c => c.Encode(It.IsAny<object>(), typeof(Upserted<string>))).Returns((201, "stored"));
        _store.Setup(s => s.CompleteAsync(It.IsAny<IdempotencyEntry>(), 201, "stored", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("the database went away after the write committed"));

        var result = await Behaviour().Handle(new Write("a", "key-1"), Handler, CancellationToken.None);

        Assert.That((result.Value.Resource, _handlerRuns), Is.EqualTo(("resource:a", 1)), "the write happened: its answer is the answer");
        _store.Verify(s => s.ReleaseAsync(It.IsAny<IdempotencyEntry>(), It.IsAny<CancellationToken>()), Times.Never,
            "a released key would let a retry run the write a second time");
    }

    [Test]
    public async Task Handle_CompletedKey_ReplaysWithoutRunning()
    {
        Claim(new IdempotencyClaim.Completed(201, "stored"));
        _codec.Setup(c => c.Decode("stored", typeof(Upserted<string>))).Returns(new Upserted<string>("stored-resource", true));

        var result = await Behaviour().Handle(new Write("a", "key-1"), Handler, CancellationToken.None);

        Assert.That((result.Value, _handlerRuns), Is.EqualTo((new Upserted<string>("stored-resource", true), 0)));
    }

    [Test]
    public async Task Handle_KeyUsedWithAnotherRequest_Returns409WithoutRunning()
    {
        Claim(new IdempotencyClaim.Mismatch());
        var result = await Behaviour().Handle(new Write("b", "key-1"), Handler, CancellationToken.None);
        Assert.That((result.Error?.Code, _handlerRuns), Is.EqualTo(((ErrorCode?)ErrorCode.Conflict, 0)));
    }

    [Test]
    public async Task Handle_DuplicateStillRunning_Returns409WithoutRunning()
    {
        Claim(new IdempotencyClaim.InProgress());
        var result = await Behaviour().Handle(new Write("a", "key-1"), Handler, CancellationToken.None);
        Assert.That((result.Error?.Code, _handlerRuns), Is.EqualTo(((ErrorCode?)ErrorCode.Conflict, 0)));
    }

    [Test]
    public async Task Handle_HandlerFails_ReleasesTheKeyAndStoresNothing()
    {
        Claim(new IdempotencyClaim.Claimed());
        _store.Setup(s => s.ReleaseAsync(It.IsAny<IdempotencyEntry>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await Behaviour().Handle(new Write("a", "key-1"), (_, _) => ValueTask.FromResult<Result<Upserted<string>>>(Error.Validation("x", "is bad")), CancellationToken.None);

        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.Validation));
        _store.Verify(s => s.ReleaseAsync(It.IsAny<IdempotencyEntry>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_HandlerThrows_ReleasesTheKeyAndRethrows()
    {
        Claim(new IdempotencyClaim.Claimed());
        _store.Setup(s => s.ReleaseAsync(It.IsAny<IdempotencyEntry>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Behaviour().Handle(new Write("a", "key-1"), (_, _) => throw new InvalidOperationException("boom"), CancellationToken.None));
        _store.Verify(s => s.ReleaseAsync(It.IsAny<IdempotencyEntry>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_CallerScopedToSeveralOrganizations_UsesOrganizationZero()
    {
        _request.Scope = [3, 4];
        Claim(new IdempotencyClaim.InProgress());
        await Behaviour().Handle(new Write("a", "key-1"), Handler, CancellationToken.None);
        Assert.That(_claimed!.OrganizationId, Is.EqualTo(0));
    }

    [Test]
    public void Fingerprint_SameMessage_SameHash_DifferentBody_DifferentHash()
    {
        var first = IdempotencyKeys.Fingerprint(new Write("a", "k"));
        var again = IdempotencyKeys.Fingerprint(new Write("a", "k"));
        var other = IdempotencyKeys.Fingerprint(new Write("b", "k"));
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        });
    }

    public sealed record PatchLike(JsonElement Title, string? IdempotencyKey) : ICommand<Result<string>>, IIdempotentCommand;

    [Test]
    public void Fingerprint_AbsentMemberDiffersFromNull()
    {
        var absent = IdempotencyKeys.Fingerprint(new PatchLike(default, "k"));
        var explicitNull = IdempotencyKeys.Fingerprint(new PatchLike(JsonDocument.Parse("null").RootElement, "k"));
        Assert.That(absent, Is.Not.EqualTo(explicitNull));
    }

    [TestCase("a", true)]
    [TestCase(" spaces and ~ are printable ", true)]
    [TestCase("", false)]
    [TestCase(null, true)]
    public void IsValid_Table(string? key, bool valid)
    {
        if (key is null) Assert.That(IdempotencyKeys.IsValid(new string('k', 255)), Is.True);
        else Assert.That(IdempotencyKeys.IsValid(key), Is.EqualTo(valid));
    }
}
