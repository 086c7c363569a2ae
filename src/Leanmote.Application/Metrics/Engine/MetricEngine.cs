using System.Globalization;

namespace Leanmote.Application.Metrics.Engine;

/// <summary>
/// The one place that turns a <see cref="MetricDefinition"/> into the metric object of metrics.md §4.2: value and
/// sample size, duration stats, every bucket of the series, previous period and delta, breakdowns and evidence —
/// all from the same items with the same value function, so they always agree.
/// </summary>
public static class MetricEngine
{
    public const int MaxBreakdownMembers = 500;
    public const int MaxExcluded = 100;

    public static async Task<MetricView> ComputeAsync(MetricDefinition definition, MetricContext context, CancellationToken ct)
    {
        var parameters = context.Parameters;
        var window = parameters.Window;
        var current = await definition.Items(context, window, ct);
        var (value, sampleSize) = Evaluate(definition, current.Items, window.Days, window.AsOf);

        PreviousView? previous = null;
        DeltaView? delta = null;
        if (parameters.PreviousWindow is { } before)
        {
            var earlier = await definition.Items(context, before, ct);
            var (previousValue, previousSize) = Evaluate(definition, earlier.Items, before.Days, before.AsOf);
            previous = new PreviousView(Numbers.ForUnit(previousValue, definition.Unit), previousSize);
            delta = Delta(Numbers.ForUnit(value, definition.Unit), previous.Value, definition.Unit);
        }

        var details = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (definition.Details?.Invoke(new DetailsInput(context, window, current, value)) is { } extra)
        {
            foreach (var (key, detail) in extra) details[key] = detail;
        }

        var view = new MetricView(
            definition.Key,
            definition.Unit,
            AggregationName(definition.Aggregation),
            Numbers.ForUnit(value, definition.Unit),
            sampleSize,
            Stats(definition, current.Items, window.AsOf),
            previous,
            delta,
            Series(definition, current.Items, window),
            Breakdown(definition, context, current.Items, window, details),
            null,
            details);
        return parameters.Evidence ? view with { Evidence = Evidence(definition, current, window, parameters) } : view;
    }

    /// <summary>The value and sample size of a set of items (a window, a bucket, a team's share).</summary>
    public static (decimal? Value, int SampleSize) Evaluate(MetricDefinition definition, IReadOnlyList<MetricItem> items, int days, DateTimeOffset asOf)
    {
        if (definition.Aggregation == AggregationKind.PointInTime)
        {
            var alive = items.Count(i => i.AliveAt(asOf));
            return (alive, alive);
        }
        if (definition.Value is { } custom) return custom(new Subset(items, days));
        var n = items.Count;
        return definition.Aggregation switch
        {
            AggregationKind.Count => (n, n),
            AggregationKind.Sum => (items.Sum(i => i.Value), n),
            AggregationKind.Rate => (days == 0 ? 0 : (decimal)n / days, n),
            AggregationKind.Mean => (n == 0 ? null : items.Sum(i => i.Value) / n, n),
            AggregationKind.Median => (n == 0 ? null : Numbers.Median(Sorted(items)), n),
            AggregationKind.Percent => (n == 0 ? null : 100m * items.Count(i => i.Flag) / n, n),
            _ => throw new InvalidOperationException($"{definition.Path}: aggregation {definition.Aggregation} needs a value function"),
        };
    }

    public static string AggregationName(AggregationKind kind) => kind switch
    {
        AggregationKind.PointInTime => "point_in_time",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static DeltaView Delta(decimal? value, decimal? previous, string unit)
    {
        if (value is not { } v || previous is not { } p) return new DeltaView(null, null);
        return new DeltaView(Numbers.ForUnit(v - p, unit), p == 0 ? null : Numbers.Round(100m * (v - p) / Math.Abs(p)));
    }

    private static StatsView? Stats(MetricDefinition definition, IReadOnlyList<MetricItem> items, DateTimeOffset asOf)
    {
        if (definition.Unit != MetricUnits.Hours) return null;
        var values = definition.Aggregation == AggregationKind.PointInTime ? [.. items.Where(i => i.AliveAt(asOf))] : items;
        if (values.Count == 0) return null;
        var sorted = Sorted(values);
        return new StatsView(
            Numbers.Round(sorted.Sum() / sorted.Length),
            Numbers.Round(Numbers.Median(sorted)),
            Numbers.Round(Numbers.Percentile(sorted, 0.75m)),
            Numbers.Round(Numbers.Percentile(sorted, 0.9m)),
            Numbers.Round(sorted[0]),
            Numbers.Round(sorted[^1]));
    }

    private static decimal[] Sorted(IReadOnlyList<MetricItem> items)
    {
        var values = new decimal[items.Count];
        for (var i = 0; i < values.Length; i++) values[i] = items[i].Value;
        Array.Sort(values);
        return values;
    }

    private static IReadOnlyList<SeriesPoint> Series(MetricDefinition definition, IReadOnlyList<MetricItem> items, MetricWindow window)
    {
        var buckets = window.Buckets();
        var points = new List<SeriesPoint>(buckets.Count);
        if (definition.Aggregation == AggregationKind.PointInTime)
        {
            foreach (var bucket in buckets)
            {
                if (bucket.StartInstant > window.AsOf)
                {
                    points.Add(new SeriesPoint(bucket.Start, bucket.End, null, 0));
                    continue;
                }
                var at = bucket.EndInstant < window.AsOf ? bucket.EndInstant : window.AsOf;
                var (v, n) = Evaluate(definition, items, bucket.Days, at);
                points.Add(new SeriesPoint(bucket.Start, bucket.End, Numbers.ForUnit(v, definition.Unit), n));
            }
            return points;
        }

        var groups = new List<MetricItem>[buckets.Count];
        for (var i = 0; i < groups.Length; i++) groups[i] = [];
        foreach (var item in items)
        {
            var index = BucketIndex(buckets, item.Anchor);
            if (index >= 0) groups[index].Add(item);
        }
        for (var i = 0; i < buckets.Count; i++)
        {
            var (v, n) = Evaluate(definition, groups[i], buckets[i].Days, window.AsOf);
            points.Add(new SeriesPoint(buckets[i].Start, buckets[i].End, Numbers.ForUnit(v, definition.Unit), n));
        }
        return points;
    }

    public static int BucketIndex(IReadOnlyList<Bucket> buckets, DateTimeOffset anchor)
    {
        int lo = 0, hi = buckets.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (anchor < buckets[mid].StartInstant) hi = mid - 1;
            else if (anchor >= buckets[mid].EndInstant) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    private static BreakdownView? Breakdown(MetricDefinition definition, MetricContext context, IReadOnlyList<MetricItem> items, MetricWindow window, Dictionary<string, object?> details)
    {
        var requested = context.Parameters.Breakdown & definition.Breakdowns;
        if (requested == Engine.Breakdown.None) return null;
        var scope = context.Scope;

        List<BreakdownEntry>? teams = null;
        if (requested.HasFlag(Engine.Breakdown.Team))
        {
            teams = [];
            foreach (var team in scope.BreakdownTeams)
            {
                var share = items.Where(i => i.TeamIds.Contains(team.Id)).ToList();
                var (v, n) = Evaluate(definition, share, window.Days, window.AsOf);
                teams.Add(new BreakdownEntry("team_" + team.Id, team.Name, Numbers.ForUnit(v, definition.Unit), n));
            }
        }

        List<BreakdownEntry>? members = null;
        if (requested.HasFlag(Engine.Breakdown.Member))
        {
            var counted = definition.Aggregation == AggregationKind.PointInTime ? items.Where(i => i.AliveAt(window.AsOf)) : items;
            var people = counted.Where(i => i.Person is not null).Select(i => i.Person!).Distinct()
                .Select(p => (Id: p, Name: scope.NameOf(p)))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
            if (people.Count > MaxBreakdownMembers)
            {
                people = people[..MaxBreakdownMembers];
                details["breakdown_truncated"] = true;
            }
            var byPerson = items.Where(i => i.Person is not null).ToLookup(i => i.Person!);
            members = [];
            foreach (var (id, name) in people)
            {
                var (v, n) = Evaluate(definition, [.. byPerson[id]], window.Days, window.AsOf);
                members.Add(new BreakdownEntry(id, name, Numbers.ForUnit(v, definition.Unit), n));
            }
        }
        return new BreakdownView(teams, members);
    }

    private static EvidenceView Evidence(MetricDefinition definition, WindowItems current, MetricWindow window, MetricParameters parameters)
    {
        var counted = definition.Aggregation == AggregationKind.PointInTime
            ? [.. current.Items.Where(i => i.AliveAt(window.AsOf))]
            : current.Items;
        var ordered = counted.OrderBy(i => i.Anchor).ThenBy(i => i.Id, IdComparer.Instance).ToList();
        var buckets = window.Buckets();
        var perPage = parameters.EvidencePerPage;
        var page = ordered.Skip((parameters.EvidencePage - 1) * perPage).Take(perPage).Select(item =>
        {
            var index = BucketIndex(buckets, item.Anchor);
            var row = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = item.Id,
                ["anchor_at"] = item.Anchor,
                ["bucket_start"] = index >= 0 ? buckets[index].Start : (DateOnly?)null,
                // exact, not rounded: recomputing the formula over the items then matches the rounded value (§4.5)
                [definition.ValueField] = definition.ValueField == "count" ? 1 : item.Value,
            };
            if (definition.Aggregation == AggregationKind.Percent)
            {
                row["failed"] = item.Flag;
                row["reason"] = item.Reason;
            }
            if (item.Person is not null) row["person"] = item.Person;
            row["team_ids"] = item.TeamIds.Select(t => "team_" + t.ToString(CultureInfo.InvariantCulture)).ToArray();
            foreach (var (key, value) in item.Fields ?? (item.Source as IEvidenceSource)?.EvidenceFields ?? new Dictionary<string, object?>()) row[key] = value;
            return (IReadOnlyDictionary<string, object?>)row;
        }).ToList();
        return new EvidenceView(definition.ItemType, definition.ValueField, page, parameters.EvidencePage, perPage, ordered.Count,
            (ordered.Count + perPage - 1) / perPage, [.. current.Excluded.Take(MaxExcluded)], definition.Formula);
    }

    /// <summary>Orders public ids by prefix, then numerically (<c>pr_9</c> before <c>pr_10</c>).</summary>
    private sealed class IdComparer : IComparer<string>
    {
        public static IdComparer Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var (px, nx) = Split(x!);
            var (py, ny) = Split(y!);
            var byPrefix = string.CompareOrdinal(px, py);
            return byPrefix != 0 ? byPrefix : nx.CompareTo(ny);
        }

        private static (string Prefix, long Number) Split(string id)
        {
            var cut = id.LastIndexOf('_');
            return cut > 0 && long.TryParse(id.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (id[..cut], n) : (id, 0);
        }
    }
}
