using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;

namespace Leanmote.Application.Metrics.TeamActivity;

/// <summary>
/// The team-activity family (metrics.md §7.6): active days, reviews, PRs created, commits and PR comments of the
/// people of U, all from one activity source (and DORA's in-scope PRs) read once per request.
/// </summary>
public static class TeamActivityMetrics
{
    public const string Family = "team_activity";

    /// <summary>
    /// Items are (person, bucket) cells — one per platform user of U and bucket of the window, valued at the person's
    /// active days inside the bucket — so a bucket's value is the mean over people of their active days in it, and the
    /// window's value the mean over people of their active days in W (ADR 0043).
    /// </summary>
    public static MetricDefinition ActiveDays { get; } = new()
    {
        Family = Family,
        Key = "active_days",
        Unit = MetricUnits.Days,
        Aggregation = AggregationKind.Mean,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "person_bucket",
        ValueField = "days",
        Formula = "Σ days over items ÷ distinct people among them (items are person × bucket cells; zeros included)",
        Items = async (c, w, ct) =>
        {
            var days = await ActiveDaysAsync(c, w, ct);
            var buckets = w.Buckets();
            var items = new List<MetricItem>(c.Scope.People.Length * buckets.Count);
            foreach (var person in c.Scope.People)
            {
                var mine = days.GetValueOrDefault(person) ?? [];
                var teams = c.Scope.TeamsOf(person);
                foreach (var bucket in buckets)
                {
                    var count = mine.Count(d => d >= bucket.Start && d <= bucket.End);
                    items.Add(new MetricItem($"usr_{person}@{bucket.Start:yyyy-MM-dd}", bucket.StartInstant, count, Identity.User(person), teams)
                    {
                        Fields = new Dictionary<string, object?> { ["user_id"] = Identity.User(person), ["name"] = c.Scope.NameOf(Identity.User(person)) },
                    });
                }
            }
            return WindowItems.Of(items);
        },
        Value = subset =>
        {
            var people = subset.Items.Select(i => i.Person).Distinct().Count();
            return (people == 0 ? null : subset.Items.Sum(i => i.Value) / people, people);
        },
        Details = input => new Dictionary<string, object?>
        {
            ["person_days_total"] = (int)input.Current.Items.Sum(i => i.Value),
            ["work_days_in_window"] = Enumerable.Range(0, input.Window.Days)
                .Count(d => input.Context.Settings.WorkHoursDays.Contains(MetricWindow.IsoDay(input.Window.Start.AddDays(d)))),
        },
    };

    public static MetricDefinition ReviewsCount { get; } = Count("reviews_count", "review",
        "count of reviews (every submitted state) by people of U on PRs authored by someone else, submitted in the window",
        e => e.Kind == ActivityKinds.Review && e.OnOthers, "prr_");

    /// <summary><c>pull_requests_created</c> of DORA (§7.3) under the family's key: the same items, value and details.</summary>
    public static MetricDefinition PrsCreated { get; } = new()
    {
        Family = Family,
        Key = "prs_created",
        Unit = DoraMetrics.PullRequestsCreated.Unit,
        Aggregation = DoraMetrics.PullRequestsCreated.Aggregation,
        Breakdowns = DoraMetrics.PullRequestsCreated.Breakdowns,
        ItemType = DoraMetrics.PullRequestsCreated.ItemType,
        ValueField = DoraMetrics.PullRequestsCreated.ValueField,
        Formula = DoraMetrics.PullRequestsCreated.Formula,
        Items = DoraMetrics.PullRequestsCreated.Items,
        Details = DoraMetrics.PullRequestsCreated.Details,
    };

    public static MetricDefinition CommitsCount { get; } = Count("commits_count", "commit",
        "count of non-merge commits (distinct repository and sha) authored by people of U, committed in the window",
        e => e.Kind == ActivityKinds.Commit, "cmt_");

    public static MetricDefinition PrCommentsCount { get; } = Count("pr_comments_count", "pull_request_comment",
        "count of PR comments (any kind) by people of U on PRs authored by someone else, created in the window",
        e => e.Kind == ActivityKinds.Comment && e.OnOthers, "prc_");

    /// <summary>The family's metric set in contract order (metrics.md §7.6).</summary>
    public static IReadOnlyList<MetricDefinition> Set { get; } = [ActiveDays, ReviewsCount, PrsCreated, CommitsCount, PrCommentsCount];

    /// <summary>The activity events of the request's span (read once per request).</summary>
    public static Task<IReadOnlyList<ActivityEvent>> ActivityAsync(MetricContext c, CancellationToken ct) =>
        c.SourceAsync("team_activity", t => c.Sources.ReadActivityAsync(SourceQuery.For(c), c.Scope.BoardIds, t), ct);

    /// <summary>
    /// The distinct UTC dates of <paramref name="w"/> on which each platform user of U committed, opened a PR,
    /// submitted a review, commented on a PR or changed a task's status.
    /// </summary>
    public static async Task<Dictionary<long, HashSet<DateOnly>>> ActiveDaysAsync(MetricContext c, MetricWindow w, CancellationToken ct)
    {
        var days = new Dictionary<long, HashSet<DateOnly>>();
        foreach (var e in await ActivityAsync(c, ct))
        {
            if (e.Kind == ActivityKinds.FirstTouch || e.UserId is not { } user || !w.Contains(e.At) || !c.Scope.InPeople(user)) continue;
            if (!days.TryGetValue(user, out var set)) days[user] = set = [];
            set.Add(MetricWindow.Day(e.At));
        }
        return days;
    }

    private static MetricDefinition Count(string key, string itemType, string formula, Func<ActivityEvent, bool> counts, string idPrefix) => new()
    {
        Family = Family,
        Key = key,
        Unit = MetricUnits.Count,
        Aggregation = AggregationKind.Count,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = itemType,
        ValueField = "count",
        Formula = formula,
        Items = async (c, w, ct) => WindowItems.Of((await ActivityAsync(c, ct)).Where(e => counts(e) && w.Contains(e.At)).Select(e =>
            new MetricItem(idPrefix + e.Id, e.At, 1, e.Person, e.UserId is { } u ? c.Scope.TeamsOf(u) : [])
            {
                Fields = new Dictionary<string, object?>
                {
                    ["repository_id"] = e.RepositoryId is { } r ? "repo_" + r : null,
                    ["pull_request_id"] = e.PullRequestId is { } p ? "pr_" + p : null,
                },
                Source = e,
            })),
    };
}
