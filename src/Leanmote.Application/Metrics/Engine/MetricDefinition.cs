using Leanmote.Application.Metrics.Settings;

namespace Leanmote.Application.Metrics.Engine;

/// <summary>How a metric's value, bucket values and previous value are formed (metrics.md §4.2 <c>aggregation</c>).</summary>
public enum AggregationKind
{
    Count,
    Sum,
    Rate,
    Mean,
    Median,
    Percent,
    Ratio,
    Score,
    PointInTime,
}

/// <summary>
/// One counted unit of a metric: a deployment, a PR, an incident, a review, a person… with the timestamp that puts it
/// in the window and a bucket (<see cref="Anchor"/>), the number the aggregation uses (<see cref="Value"/>), whose it
/// is (<see cref="Person"/>, an identity key) and the request teams it belongs to (<see cref="TeamIds"/>, for team
/// breakdowns and evidence).
/// </summary>
public sealed record MetricItem(string Id, DateTimeOffset Anchor, decimal Value, string? Person, long[] TeamIds)
{
    /// <summary>Percent metrics: the item counts in the numerator (a failed deployment, an iterated PR).</summary>
    public bool Flag { get; init; }

    /// <summary>Why <see cref="Flag"/> is set (evidence, e.g. <c>incident</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>Point-in-time metrics: the item exists in [<see cref="Anchor"/>, <see cref="Until"/>); null = still open.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>A second number for ratio and score metrics (a denominator, a group key).</summary>
    public decimal Weight { get; init; }

    /// <summary>The source row the item was made from, for details that need more than the item (never serialized).</summary>
    public object? Source { get; init; }

    /// <summary>Human fields shown in evidence (title, url, repository_id …); when null, those of <see cref="Source"/>.</summary>
    public IReadOnlyDictionary<string, object?>? Fields { get; init; }

    public bool AliveAt(DateTimeOffset instant) => Anchor <= instant && (Until is null || instant < Until);
}

/// <summary>
/// A source row that describes itself in evidence, so items made from it need no fields of their own (evidence
/// renders only one page; the other items never pay for their description).
/// </summary>
public interface IEvidenceSource
{
    IReadOnlyDictionary<string, object?> EvidenceFields { get; }
}

/// <summary>The items of one window and those read but left out, with the rule's reason.</summary>
public sealed record WindowItems(IReadOnlyList<MetricItem> Items, IReadOnlyList<ExcludedItem> Excluded)
{
    public static WindowItems Of(IEnumerable<MetricItem> items) => new([.. items], []);
}

/// <summary>What a definition's value function sees: the items of one subset (a window, a bucket, a team) and its length in days.</summary>
public readonly record struct Subset(IReadOnlyList<MetricItem> Items, int Days);

/// <summary>What a definition's details function sees.</summary>
public sealed record DetailsInput(MetricContext Context, MetricWindow Window, WindowItems Current, decimal? Value);

/// <summary>
/// A metric of the catalogue (metrics.md §7): its key, unit and aggregation, how to read its items for a window,
/// and, where the aggregation alone does not say it, how to form its value and details. The engine
/// (<see cref="MetricEngine"/>) turns a definition into the metric object, the same way for every metric.
/// </summary>
public sealed class MetricDefinition
{
    public required string Family { get; init; }
    public required string Key { get; init; }
    public required string Unit { get; init; }
    public required AggregationKind Aggregation { get; init; }
    public required Breakdown Breakdowns { get; init; }
    public required string ItemType { get; init; }

    /// <summary>The evidence item field holding the per-item number (<c>hours</c>, <c>count</c> …).</summary>
    public required string ValueField { get; init; }

    public required string Formula { get; init; }

    /// <summary>Reads the items of a window (sources are cached per request, so reading twice costs nothing).</summary>
    public required Func<MetricContext, MetricWindow, CancellationToken, Task<WindowItems>> Items { get; init; }

    /// <summary>Value and sample size of a subset for <see cref="AggregationKind.Ratio"/> and <see cref="AggregationKind.Score"/> metrics.</summary>
    public Func<Subset, (decimal? Value, int SampleSize)>? Value { get; init; }

    public Func<DetailsInput, IReadOnlyDictionary<string, object?>>? Details { get; init; }

    /// <summary>
    /// Reads a people-private source (metrics.md §2.4): wherever the metric is computed, a collaborator's U is narrowed
    /// to themself and the members of teams they manage (<see cref="MetricContext.PeoplePrivateAsync"/>).
    /// </summary>
    public bool PeoplePrivate { get; init; }

    public string Path => $"{Family}.{Key}";
}

/// <summary>
/// Everything one metrics request shares: the caller's organization, parameters, resolved scope and settings, and a
/// per-request cache so every source is read once however many metrics use it.
/// </summary>
public sealed class MetricContext(MetricParameters parameters, MetricScope scope, MetricSettings settings, DateTimeOffset now)
{
    /// <summary>One task per source, started by its first reader: sources load concurrently, each once, and a loader
    /// may read another source (the PR-mode deployments read the PRs).</summary>
    private readonly Dictionary<string, Task> _sources = new(StringComparer.Ordinal);

    public MetricParameters Parameters { get; } = parameters;
    public MetricScope Scope { get; } = scope;
    public MetricSettings Settings { get; } = settings;
    public DateTimeOffset Now { get; } = now;
    public MetricWindow Window => Parameters.Window;

    public required IMetricSources Sources { get; init; }

    /// <summary>
    /// Set by <see cref="MetricRequestRunner"/> when this context is not narrowed but the caller is a collaborator:
    /// builds the §2.4-narrowed context of the same request.
    /// </summary>
    public Func<CancellationToken, Task<MetricContext>>? Narrowing { get; init; }

    private Task<MetricContext>? _narrowed;

    /// <summary>The context a people-private metric computes over: this one, or (for a collaborator) the narrowed one, built once.</summary>
    public Task<MetricContext> PeoplePrivateAsync(CancellationToken ct)
    {
        if (Narrowing is null) return Task.FromResult(this);
        lock (_sources) return _narrowed ??= Narrowing(ct);
    }

    /// <summary>A source an item function of this request already loaded (details run after the items).</summary>
    public T Cached<T>(string key) where T : class
    {
        lock (_sources)
        {
            return _sources.TryGetValue(key, out var task) && task.IsCompletedSuccessfully
                ? ((Task<T>)task).Result
                : throw new InvalidOperationException($"source '{key}' was not loaded");
        }
    }

    /// <summary>The source named <paramref name="key"/>, loaded once per request.</summary>
    public Task<T> SourceAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken ct) where T : class
    {
        lock (_sources)
        {
            if (!_sources.TryGetValue(key, out var task))
            {
                task = load(ct);
                _sources[key] = task;
            }
            return (Task<T>)task;
        }
    }
}
