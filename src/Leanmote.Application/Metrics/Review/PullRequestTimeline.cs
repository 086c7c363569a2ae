using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;

namespace Leanmote.Application.Metrics.Review;

/// <summary>A run of consecutive events of one side, starting at its first event (metrics.md §6.2 "turns").</summary>
public readonly record struct Turn(DateTimeOffset Start, bool Reviewer);

/// <summary>One turn followed by a turn of the other side: the wait from <see cref="From"/> to <see cref="To"/> (the anchor).</summary>
public readonly record struct TurnPair(DateTimeOffset From, DateTimeOffset To)
{
    public decimal Hours => Numbers.Hours(From, To);
}

/// <summary>The turn model of metrics.md §6.2, as pure functions over (time, side) events.</summary>
public static class PullRequestTurns
{
    /// <summary>
    /// The turns of a PR: the events after <paramref name="openedAt"/>, by time (ties: author side first), consecutive
    /// events of one side merged into one turn at its first event, leading author turns dropped.
    /// </summary>
    public static IReadOnlyList<Turn> Build(DateTimeOffset openedAt, IEnumerable<(DateTimeOffset At, bool Reviewer)> events)
    {
        var turns = new List<Turn>();
        foreach (var (at, reviewer) in events.Where(e => e.At > openedAt).OrderBy(e => e.At).ThenBy(e => e.Reviewer))
        {
            if (turns.Count == 0 && !reviewer) continue;
            if (turns.Count > 0 && turns[^1].Reviewer == reviewer) continue;
            turns.Add(new Turn(at, reviewer));
        }
        return turns;
    }

    /// <summary>
    /// Response pairs (a reviewer turn followed by an author turn) and reaction pairs (an author turn followed by a
    /// reviewer turn), each anchored at the second turn's start.
    /// </summary>
    public static (IReadOnlyList<TurnPair> Responses, IReadOnlyList<TurnPair> Reactions) Pairs(IReadOnlyList<Turn> turns)
    {
        var responses = new List<TurnPair>();
        var reactions = new List<TurnPair>();
        for (var i = 1; i < turns.Count; i++)
        {
            var pair = new TurnPair(turns[i - 1].Start, turns[i].Start);
            if (turns[i - 1].Reviewer && !turns[i].Reviewer) responses.Add(pair);
            else if (!turns[i - 1].Reviewer && turns[i].Reviewer) reactions.Add(pair);
        }
        return (responses, reactions);
    }
}

/// <summary>An in-scope PR with its §6.2 events and the values the review collaboration metrics derive from them.</summary>
public sealed class ReviewTimeline
{
    public ReviewTimeline(PullRequestFact pullRequest, IReadOnlyList<PullRequestEvent> events)
    {
        PullRequest = pullRequest;
        Events = events;
        var turns = PullRequestTurns.Build(pullRequest.OpenedAt, events.Select(e => (e.At, e.Reviewer)));
        (Responses, Reactions) = PullRequestTurns.Pairs(turns);
        FollowOnCommits = events.Count(e => e.Kind == ReviewEventKind.Commit && e.At > pullRequest.OpenedAt);
        FirstFeedbackAt = events.Where(e => e.IsFeedback).Select(e => (DateTimeOffset?)e.At).Min();
        LastAuthorCommitAt = events.Where(e => !e.Reviewer && e.Kind == ReviewEventKind.Commit).Select(e => (DateTimeOffset?)e.At).Max();
        ReviewActivities = events.Count(e => e.IsReviewActivity);
        Reviewers = [.. events.Where(e => e.Reviewer && e.Actor is not null).Select(e => e.Actor!).Distinct().Order(StringComparer.Ordinal)];
    }

    public PullRequestFact PullRequest { get; }

    public IReadOnlyList<PullRequestEvent> Events { get; }

    public IReadOnlyList<TurnPair> Responses { get; }

    public IReadOnlyList<TurnPair> Reactions { get; }

    /// <summary>Commits (any author) with <c>committed_at</c> after <c>opened_at</c>.</summary>
    public int FollowOnCommits { get; }

    public DateTimeOffset? FirstFeedbackAt { get; }

    public DateTimeOffset? LastAuthorCommitAt { get; }

    public int ReviewActivities { get; }

    /// <summary>Identity keys of the reviewer-side actors, sorted.</summary>
    public IReadOnlyList<string> Reviewers { get; }
}

/// <summary>One reviewer's share of the sharing index.</summary>
public sealed record ReviewerShare(string Id, int Activities);

/// <summary>The sharing index of one set of reviewer-side events and its parts (metrics.md §7.5).</summary>
public sealed record SharingIndexResult(decimal? Value, int Activities, int AvailableReviewers, int ParticipatingReviewers, decimal? Gini, IReadOnlyList<ReviewerShare> Reviewers);

/// <summary>
/// The sharing index of metrics.md §7.5: a Gini coefficient of the review activities per participant, normalized to
/// <c>G* = G·n/(n−1)</c>, scaled by the share of available reviewers who took part:
/// <c>100 × (1 − G*) × n ÷ |A|</c>. No activity → null; one participant → 0 (G* = 1: one person does everything).
/// </summary>
public static class SharingIndex
{
    /// <param name="entries">One entry per reviewer-side event: its actor and whether it is a review activity
    /// (a commit only makes its actor available).</param>
    public static SharingIndexResult Compute(IEnumerable<(string Reviewer, bool Activity)> entries)
    {
        var available = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var activities = 0;
        foreach (var (reviewer, activity) in entries)
        {
            available.Add(reviewer);
            if (!activity) continue;
            activities++;
            counts[reviewer] = counts.GetValueOrDefault(reviewer) + 1;
        }
        var reviewers = counts.Select(c => new ReviewerShare(c.Key, c.Value))
            .OrderByDescending(r => r.Activities).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var n = counts.Count;
        if (n == 0) return new SharingIndexResult(null, 0, available.Count, 0, null, reviewers);
        if (n == 1) return new SharingIndexResult(0, activities, available.Count, 1, 1, reviewers);

        var values = counts.Values.ToArray();
        decimal differences = 0;
        foreach (var a in values)
        {
            foreach (var b in values) differences += Math.Abs(a - b);
        }
        var mean = (decimal)activities / n;
        var gini = differences / (2m * n * n * mean);
        var normalized = gini * n / (n - 1);
        return new SharingIndexResult(100m * (1 - normalized) * n / available.Count, activities, available.Count, n, normalized, reviewers);
    }
}
