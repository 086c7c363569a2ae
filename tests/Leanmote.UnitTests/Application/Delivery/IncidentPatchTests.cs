using Leanmote.Application.Common.Results;
using Leanmote.Application.Delivery;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Delivery;

[TestFixture]
public sealed class IncidentPatchTests
{
    private static readonly DateTimeOffset Started = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Earlier = new(2026, 1, 11, 0, 0, 0, TimeSpan.Zero);

    private static IncidentPatch Patch(PatchField<string?> status = default, PatchField<DateTimeOffset?> resolvedAt = default) =>
        new(status, resolvedAt, default, default, default);

    [Test]
    public void Apply_NothingAboutStatus_KeepsBoth() =>
        Assert.That(Patch().Apply("resolved", Earlier, Started, Now).Value, Is.EqualTo(("resolved", (DateTimeOffset?)Earlier)));

    [Test]
    public void Apply_ResolvedAtSet_Resolves() =>
        Assert.That(Patch(resolvedAt: PatchField<DateTimeOffset?>.Set(Earlier)).Apply("open", null, Started, Now).Value, Is.EqualTo(("resolved", (DateTimeOffset?)Earlier)));

    [Test]
    public void Apply_ResolvedAtNull_Reopens() =>
        Assert.That(Patch(resolvedAt: PatchField<DateTimeOffset?>.Set(null)).Apply("resolved", Earlier, Started, Now).Value, Is.EqualTo(("open", (DateTimeOffset?)null)));

    [Test]
    public void Apply_StatusResolvedAlone_ResolvesNowOrKeepsTheStoredTime()
    {
        var patch = Patch(status: PatchField<string?>.Set("resolved"));
        Assert.Multiple(() =>
        {
            Assert.That(patch.Apply("open", null, Started, Now).Value, Is.EqualTo(("resolved", (DateTimeOffset?)Now)));
            Assert.That(patch.Apply("resolved", Earlier, Started, Now).Value, Is.EqualTo(("resolved", (DateTimeOffset?)Earlier)));
        });
    }

    [Test]
    public void Apply_StatusOpenAlone_ClearsResolvedAt() =>
        Assert.That(Patch(status: PatchField<string?>.Set("open")).Apply("resolved", Earlier, Started, Now).Value, Is.EqualTo(("open", (DateTimeOffset?)null)));

    [Test]
    public void Apply_ResolvedBeforeStarted_IsValidationErrorOnResolvedAt()
    {
        var result = Patch(resolvedAt: PatchField<DateTimeOffset?>.Set(Started.AddHours(-1))).Apply("open", null, Started, Now);
        Assert.That((result.Error?.Code, result.Error?.Details?[0].Field), Is.EqualTo(((ErrorCode?)ErrorCode.Validation, "resolved_at")));
    }
}
