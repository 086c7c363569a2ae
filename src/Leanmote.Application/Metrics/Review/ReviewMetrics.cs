using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;

namespace Leanmote.Application.Metrics.Review;

/// <summary>
/// The review collaboration family (metrics.md §7.5): reviewer and submitter metrics over the in-scope PRs of the
/// span (author ∈ U, repository ∈ R) and their §6.2 timelines. PR items belong to the PR author (breakdowns).
/// </summary>
public static class ReviewMetrics
{
    public const string Family = "review_collaboration";

    private const string EventsKey = "pull_request_events";
    private const string TimelinesKey = "review_timelines";

    public static MetricDefinition PickupTime { get; } = new()
    {
        Family = Family,
        Key = "pickup_time",
        Unit = MetricUnits.Hours,
        Aggregation = AggregationKind.Mean,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "hours",
        Formula = "mean of hours (first_interaction_at − opened_at) over PRs whose first reviewer-side comment, review or commit is in the window",
        Items = async (c, w, ct) => Durations(c, await DoraMetrics.PullRequestsAsync(c, ct), pr => pr.FirstInteractionAt, w, pr => pr.OpenedAt),
    };

    public static MetricDefinition ReactionTime { get; } = new()
    {
        Family = Family,
        Key = "reaction_time",
        Unit = MetricUnits.Hours,
        Aggregation = AggregationKind.Mean,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "reaction_pair",
        ValueField = "hours",
        Formula = "mean of hours (reviewer turn start − preceding author turn start) over reaction pairs anchored in the window",
        Items = async (c, w, ct) => WindowItems.Of((await TimelinesAsync(c, ct))
            .SelectMany(t => t.Reactions.Where(p => w.Contains(p.To)).Select(p => PairItem(c, t, p, reviewerAnswers: true)))),
    };

    public static MetricDefinition TimeToFirstApproval { get; } = new()
    {
        Family = Family,
        Key = "time_to_first_approval",
        Unit = MetricUnits.Hours,
        Aggregation = AggregationKind.Mean,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "hours",
        Formula = "mean of hours (first_approval_at − opened_at) over PRs first approved by someone other than the author in the window",
        Items = async (c, w, ct) => Durations(c, await DoraMetrics.PullRequestsAsync(c, ct), pr => pr.FirstApprovalAt, w, pr => pr.OpenedAt),
    };

    public static MetricDefinition SharingIndexMetric { get; } = new()
    {
        Family = Family,
        Key = "sharing_index",
        Unit = MetricUnits.Score,
        Aggregation = AggregationKind.Score,
        Breakdowns = Breakdown.Team,
        ItemType = "review_event",
        ValueField = "activity",
        Formula = "100 × (1 − G*) × n ÷ |A| — G* = Σᵢ Σⱼ |cᵢ − cⱼ| ÷ (2 n² μ) × n ÷ (n − 1) over the activity counts c of the n reviewers "
            + "with activity = 1 items; A = the distinct persons of all items (activity 0 = a commit that only makes its author available)",
        Items = async (c, w, ct) => WindowItems.Of((await TimelinesAsync(c, ct)).SelectMany(t => t.Events
            .Where(e => e.Reviewer && e.Kind != ReviewEventKind.Merge && e.Actor is not null && w.Contains(e.At))
            .Select(e => new MetricItem(e.PublicId, e.At, e.IsReviewActivity ? 1 : 0, e.Actor, TeamsOf(c, t.PullRequest))
            {
                Flag = e.IsReviewActivity,
                Fields = new Dictionary<string, object?>
                {
                    ["pull_request_id"] = "pr_" + t.PullRequest.Id,
                    ["kind"] = Kind(e.Kind),
                    ["state"] = e.State,
                    ["title"] = t.PullRequest.Title,
                    ["number"] = t.PullRequest.Number,
                    ["repository_id"] = "repo_" + t.PullRequest.RepositoryId,
                },
            }))),
        Value = subset =>
        {
            var result = SharingIndex.Compute(subset.Items.Select(i => (i.Person!, i.Flag)));
            return (result.Value, result.Activities);
        },
        Details = input =>
        {
            var result = SharingIndex.Compute(input.Current.Items.Select(i => (i.Person!, i.Flag)));
            var scope = input.Context.Scope;
            return new Dictionary<string, object?>
            {
                ["available_reviewers"] = result.AvailableReviewers,
                ["participating_reviewers"] = result.ParticipatingReviewers,
                ["gini"] = Numbers.Round(result.Gini),
                ["reviewers"] = result.Reviewers.Take(100).Select(r => new Dictionary<string, object?>
                {
                    ["id"] = r.Id,
                    ["name"] = scope.NameOf(r.Id),
                    ["activities"] = r.Activities,
                }).ToList(),
            };
        },
    };

    public static MetricDefinition IteratedPrs { get; } = new()
    {
        Family = Family,
        Key = "iterated_prs",
        Unit = MetricUnits.Percent,
        Aggregation = AggregationKind.Percent,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "count",
        Formula = "100 × PRs with a commit after opened_at (any author) ÷ PRs merged in the window",
        Items = async (c, w, ct) => WindowItems.Of((await TimelinesAsync(c, ct))
            .Where(t => t.PullRequest.MergedAt is { } m && w.Contains(m))
            .Select(t => DoraMetrics.PullRequestItem(c, t.PullRequest, t.PullRequest.MergedAt!.Value, 1) with
            {
                Flag = t.FollowOnCommits > 0,
                Reason = t.FollowOnCommits > 0 ? "follow_on_commit" : null,
            })),
        Details = input => new Dictionary<string, object?> { ["iterated_count"] = input.Current.Items.Count(i => i.Flag) },
    };

    public static MetricDefinition PrIterationTime { get; } = new()
    {
        Family = Family,
        Key = "pr_iteration_time",
        Unit = MetricUnits.Hours,
        Aggregation = AggregationKind.Mean,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "hours",
        Formula = "mean of hours (last author commit − first reviewer feedback) over PRs merged in the window whose last author commit follows the first feedback",
        Items = async (c, w, ct) =>
        {
            var items = new List<MetricItem>();
            var excluded = new List<ExcludedItem>();
            foreach (var t in await TimelinesAsync(c, ct))
            {
                if (t.PullRequest.MergedAt is not { } merged || !w.Contains(merged)) continue;
                var id = "pr_" + t.PullRequest.Id;
                if (t.FirstFeedbackAt is not { } feedback) excluded.Add(new(id, "no_feedback"));
                else if (t.LastAuthorCommitAt is not { } last || last <= feedback) excluded.Add(new(id, "no_iteration"));
                else items.Add(With(DoraMetrics.PullRequestItem(c, t.PullRequest, merged, Numbers.Hours(feedback, last)),
                    ("first_feedback_at", feedback), ("last_author_commit_at", last)));
            }
            return new WindowItems(items, excluded);
        },
        Details = input => new Dictionary<string, object?>
        {
            ["excluded_no_feedback"] = input.Current.Excluded.Count(e => e.Reason == "no_feedback"),
            ["excluded_no_iteration"] = input.Current.Excluded.Count(e => e.Reason == "no_iteration"),
        },
    };

    public static MetricDefinition Responsiveness { get; } = new()
    {
        Family = Family,
        Key = "responsiveness",
        Unit = MetricUnits.Hours,
        Aggregation = AggregationKind.Mean,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "response_pair",
        ValueField = "hours",
        Formula = "mean of hours (author turn start − preceding reviewer turn start) over response pairs anchored in the window",
        Items = async (c, w, ct) => WindowItems.Of((await TimelinesAsync(c, ct))
            .SelectMany(t => t.Responses.Where(p => w.Contains(p.To)).Select(p => PairItem(c, t, p, reviewerAnswers: false)))),
    };

    public static MetricDefinition TimeToMerge { get; } = new()
    {
        Family = Family,
        Key = "time_to_merge",
        Unit = MetricUnits.Hours,
        Aggregation = AggregationKind.Mean,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "pull_request",
        ValueField = "hours",
        Formula = "mean of hours (merged_at − opened_at) over PRs merged in the window",
        Items = async (c, w, ct) => Durations(c, await DoraMetrics.PullRequestsAsync(c, ct), pr => pr.MergedAt, w, pr => pr.OpenedAt),
    };

    /// <summary>
    /// The summary of <c>/review_collaboration/reviewer/all_merge_requests</c>: in-scope PRs opened in the window,
    /// merged in it, or open at as_of, each anchored where it entered the window (opened_at, or the window start).
    /// </summary>
    public static MetricDefinition MergeRequests { get; } = new()
    {
        Family = Family,
        Key = "merge_requests",
        Unit = MetricUnits.Count,
        Aggregation = AggregationKind.Count,
        Breakdowns = Breakdown.None,
        ItemType = "pull_request",
        ValueField = "count",
        Formula = "count of PRs opened in the window, merged in it, or open at as_of",
        Items = async (c, w, ct) => WindowItems.Of((await DoraMetrics.PullRequestsAsync(c, ct)).Where(pr => Listed(pr, w))
            .Select(pr => DoraMetrics.PullRequestItem(c, pr, pr.OpenedAt > w.StartInstant ? pr.OpenedAt : w.StartInstant, 1))),
    };

    /// <summary>The family's metric set in contract order (metrics.md §7.5 <c>/review_collaboration</c>).</summary>
    public static IReadOnlyList<MetricDefinition> Set { get; } =
        [PickupTime, ReactionTime, SharingIndexMetric, TimeToFirstApproval, IteratedPrs, PrIterationTime, Responsiveness, TimeToMerge];

    /// <summary>Whether a PR is an item of the merge-request list of window <paramref name="w"/>.</summary>
    public static bool Listed(PullRequestFact pr, MetricWindow w) =>
        w.Contains(pr.OpenedAt)
        || pr.MergedAt is { } m && w.Contains(m)
        || pr.OpenedAt <= w.AsOf && (pr.EndedAt is not { } ended || ended > w.AsOf);

    /// <summary>
    /// The in-scope PRs of the span with their §6.2 events: the PRs are read once, then their events in one
    /// statement, both cached for the request.
    /// </summary>
    public static async Task<IReadOnlyList<ReviewTimeline>> TimelinesAsync(MetricContext c, CancellationToken ct)
    {
        var prs = await DoraMetrics.PullRequestsAsync(c, ct);
        var events = await c.SourceAsync(EventsKey, t => c.Sources.ReadPullRequestEventsAsync(
            c.Scope.OrganizationId, [.. prs.Select(pr => pr.Id)], [.. c.Scope.Roster.Members.Where(m => m.IsBot).Select(m => m.UserId)], t), ct);
        return await c.SourceAsync<IReadOnlyList<ReviewTimeline>>(TimelinesKey, _ =>
        {
            var byPr = events.ToLookup(e => e.PullRequestId);
            return Task.FromResult<IReadOnlyList<ReviewTimeline>>([.. prs.Select(pr => new ReviewTimeline(pr, [.. byPr[pr.Id]]))]);
        }, ct);
    }

    private static WindowItems Durations(MetricContext c, IReadOnlyList<PullRequestFact> prs, Func<PullRequestFact, DateTimeOffset?> end,
        MetricWindow w, Func<PullRequestFact, DateTimeOffset> start)
    {
        var items = new List<MetricItem>();
        var excluded = new List<ExcludedItem>();
        foreach (var pr in prs)
        {
            if (end(pr) is not { } at || !w.Contains(at)) continue;
            var hours = Numbers.Hours(start(pr), at);
            if (hours < 0) excluded.Add(new("pr_" + pr.Id, "invalid"));
            else items.Add(DoraMetrics.PullRequestItem(c, pr, at, hours));
        }
        return new WindowItems(items, excluded);
    }

    /// <summary>A pair item, named by the event that opened the answering turn (so every pair has an id of its own).</summary>
    private static MetricItem PairItem(MetricContext c, ReviewTimeline t, TurnPair pair, bool reviewerAnswers)
    {
        var answer = t.Events.First(e => e.At == pair.To && e.Reviewer == reviewerAnswers);
        return With(DoraMetrics.PullRequestItem(c, t.PullRequest, pair.To, pair.Hours) with { Id = answer.PublicId },
            ("pull_request_id", "pr_" + t.PullRequest.Id), ("kind", Kind(answer.Kind)), ("previous_turn_at", pair.From));
    }

    /// <summary>A PR item with more evidence fields.</summary>
    private static MetricItem With(MetricItem item, params (string Key, object? Value)[] fields)
    {
        var all = new Dictionary<string, object?>(item.Fields ?? (item.Source as IEvidenceSource)?.EvidenceFields ?? new Dictionary<string, object?>());
        foreach (var (key, value) in fields) all[key] = value;
        return item with { Fields = all };
    }

    private static long[] TeamsOf(MetricContext c, PullRequestFact pr) => pr.AuthorId is { } a ? c.Scope.TeamsOf(a) : [];

    private static string Kind(ReviewEventKind kind) => kind switch
    {
        ReviewEventKind.Commit => "commit",
        ReviewEventKind.Comment => "comment",
        ReviewEventKind.Review => "review",
        _ => "merge",
    };
}
