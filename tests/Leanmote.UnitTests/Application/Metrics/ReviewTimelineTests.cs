using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;
using Leanmote.Application.Metrics.Review;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Metrics;

/// <summary>The pure parts of the review collaboration family: the §6.2 turn model and the §7.5 sharing index.</summary>
[TestFixture]
public sealed class ReviewTimelineTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset H(double hours) => Opened.AddHours(hours);

    private static (DateTimeOffset, bool) R(double hours) => (H(hours), true);

    private static (DateTimeOffset, bool) A(double hours) => (H(hours), false);

    [Test]
    public void Build_ConsecutiveEventsOfOneSide_MergeIntoOneTurnAtItsFirstEvent()
    {
        var turns = PullRequestTurns.Build(Opened, [R(2), R(3), A(5), A(6), R(8)]);
        Assert.That(turns, Is.EqualTo(new[] { new Turn(H(2), true), new Turn(H(5), false), new Turn(H(8), true) }));
    }

    [Test]
    public void Build_LeadingAuthorTurns_AreDropped()
    {
        var turns = PullRequestTurns.Build(Opened, [A(1), A(2), R(4), A(7)]);
        Assert.That(turns, Is.EqualTo(new[] { new Turn(H(4), true), new Turn(H(7), false) }));
    }

    [Test]
    public void Build_EventsAtOrBeforeOpening_AreIgnored()
    {
        var turns = PullRequestTurns.Build(Opened, [R(-1), R(0), A(1), R(2)]);
        Assert.That(turns, Is.EqualTo(new[] { new Turn(H(2), true) }), "the author turn at 1 h leads, the reviewer events at and before opening do not count");
    }

    [Test]
    public void Build_TiesAtOneInstant_PutTheAuthorSideFirst()
    {
        // A reviewer event and an author event at 3 h: the author's comes first, so it joins the author turn before it.
        var turns = PullRequestTurns.Build(Opened, [R(1), A(2), R(3), A(3), R(5)]);
        Assert.That(turns, Is.EqualTo(new[] { new Turn(H(1), true), new Turn(H(2), false), new Turn(H(3), true) }));
    }

    [Test]
    public void Build_UnsortedInput_IsSortedByTime()
    {
        var turns = PullRequestTurns.Build(Opened, [R(8), A(5), R(2)]);
        Assert.That(turns.Select(t => t.Start), Is.EqualTo(new[] { H(2), H(5), H(8) }));
    }

    [Test]
    public void Pairs_AlternatingTurns_GiveResponsesAndReactionsAnchoredAtTheSecondTurn()
    {
        var turns = PullRequestTurns.Build(Opened, [R(2), A(3), R(7), A(21)]);
        var (responses, reactions) = PullRequestTurns.Pairs(turns);
        Assert.That(responses, Is.EqualTo(new[] { new TurnPair(H(2), H(3)), new TurnPair(H(7), H(21)) }));
        Assert.That(reactions, Is.EqualTo(new[] { new TurnPair(H(3), H(7)) }));
        Assert.That(responses.Select(p => p.Hours), Is.EqualTo(new[] { 1m, 14m }));
        Assert.That(reactions[0].Hours, Is.EqualTo(4m));
    }

    [Test]
    public void Pairs_OnlyReviewerEvents_GiveNoPairs()
    {
        var (responses, reactions) = PullRequestTurns.Pairs(PullRequestTurns.Build(Opened, [R(1), R(2)]));
        Assert.That(responses, Is.Empty);
        Assert.That(reactions, Is.Empty);
    }

    [Test]
    public void Timeline_DerivesFollowOnCommitsFeedbackAndReviewers()
    {
        var pr = new PullRequestFact(7, 1, 7, "PR", null, true, 1, null, false, Opened, null, H(30), null, H(-1), null, null, null, null, 0, 0, false);
        PullRequestEvent E(double hours, bool reviewer, ReviewEventKind kind, long actor, string? state = null) => new((long)(hours * 10), 7, H(hours), reviewer, kind, state, actor, null);
        var timeline = new ReviewTimeline(pr,
        [
            E(-0.5, false, ReviewEventKind.Commit, 1),
            E(2, true, ReviewEventKind.Review, 4, "approved"),
            E(5, true, ReviewEventKind.Review, 3, "changes_requested"),
            E(6, true, ReviewEventKind.Commit, 5),
            E(9, false, ReviewEventKind.Commit, 1),
            E(10, true, ReviewEventKind.Comment, 3),
            E(30, true, ReviewEventKind.Merge, 4),
        ]);
        Assert.That(timeline.FollowOnCommits, Is.EqualTo(2), "commits after opening, any author");
        Assert.That(timeline.FirstFeedbackAt, Is.EqualTo(H(5)), "an approval is not feedback");
        Assert.That(timeline.LastAuthorCommitAt, Is.EqualTo(H(9)));
        Assert.That(timeline.ReviewActivities, Is.EqualTo(3), "reviewer-side comments and reviews");
        Assert.That(timeline.Reviewers, Is.EqualTo(new[] { "usr_3", "usr_4", "usr_5" }));
        Assert.That(timeline.Responses.Select(p => p.Hours), Is.EqualTo(new[] { 7m }), "reviewer turn at 2 h → author commit at 9 h");
        Assert.That(timeline.Reactions.Select(p => p.Hours), Is.EqualTo(new[] { 1m }), "author turn at 9 h → reviewer comment at 10 h (the merge joins that turn)");
    }

    [Test]
    public void SharingIndex_NoActivity_IsNull()
    {
        var result = SharingIndex.Compute([]);
        Assert.That(result.Value, Is.Null);
        Assert.That(result.Activities, Is.Zero);
        Assert.That(result.Gini, Is.Null);
    }

    [Test]
    public void SharingIndex_OnlyAvailabilityCommits_IsNullWithTheAvailableReviewers()
    {
        var result = SharingIndex.Compute([("usr_5", false), ("usr_6", false)]);
        Assert.That(result.Value, Is.Null);
        Assert.That(result.AvailableReviewers, Is.EqualTo(2));
        Assert.That(result.ParticipatingReviewers, Is.Zero);
    }

    [Test]
    public void SharingIndex_OneParticipant_IsZero()
    {
        var result = SharingIndex.Compute([("usr_3", true), ("usr_3", true), ("usr_5", false)]);
        Assert.That(result.Value, Is.EqualTo(0m));
        Assert.That(result.Activities, Is.EqualTo(2));
        Assert.That(result.ParticipatingReviewers, Is.EqualTo(1));
        Assert.That(result.Gini, Is.EqualTo(1m));
    }

    [Test]
    public void SharingIndex_EvenSplitAmongEveryAvailableReviewer_Is100()
    {
        var result = SharingIndex.Compute([("usr_3", true), ("usr_4", true), ("usr_3", true), ("usr_4", true)]);
        Assert.That(result.Value, Is.EqualTo(100m));
        Assert.That(result.Gini, Is.EqualTo(0m));
    }

    [Test]
    public void SharingIndex_EvenSplitWithAnIdleAvailableReviewer_IsScaledByParticipation()
    {
        var result = SharingIndex.Compute([("usr_3", true), ("usr_4", true), ("usr_5", false)]);
        Assert.That(Numbers.Round(result.Value!.Value), Is.EqualTo(66.6667m));
    }

    [Test]
    public void SharingIndex_GoldenCounts_Give59_2593()
    {
        var entries = Enumerable.Repeat(("usr_3", true), 5).Concat(Enumerable.Repeat(("usr_4", true), 4)).Append(("usr_5", false));
        var result = SharingIndex.Compute(entries);
        Assert.That(Numbers.Round(result.Value!.Value), Is.EqualTo(59.2593m));
        Assert.That(Numbers.Round(result.Gini!.Value), Is.EqualTo(0.1111m));
        Assert.That(result.Activities, Is.EqualTo(9));
        Assert.That(result.AvailableReviewers, Is.EqualTo(3));
        Assert.That(result.Reviewers, Is.EqualTo(new[] { new ReviewerShare("usr_3", 5), new ReviewerShare("usr_4", 4) }));
    }

    [Test]
    public void SharingIndex_OnePersonDoesAlmostEverything_ApproachesZero()
    {
        var entries = Enumerable.Repeat(("usr_3", true), 99).Append(("usr_4", true));
        var result = SharingIndex.Compute(entries);
        // G = 2·98 ÷ (2·4·50) = 0.49, G* = 0.98 → 100 × 0.02 × 2 ÷ 2 = 2
        Assert.That(Numbers.Round(result.Value!.Value), Is.EqualTo(2m));
    }
}
