using System.Text.Json.Serialization;

namespace Leanmote.Application.Metrics.Engine;

public static class MetricUnits
{
    public const string Count = "count";
    public const string Hours = "hours";
    public const string Percent = "percent";
    public const string PerDay = "per_day";
    public const string Money = "money";
    public const string Points = "points";
    public const string Score = "score";
    public const string Ratio = "ratio";
    public const string Days = "days";
}

public sealed record StatsView(decimal Mean, decimal Median, decimal P75, decimal P90, decimal Min, decimal Max);

public sealed record PreviousView(decimal? Value, int SampleSize);

public sealed record DeltaView(decimal? Absolute, decimal? Percent);

public sealed record SeriesPoint(DateOnly BucketStart, DateOnly BucketEnd, decimal? Value, int SampleSize);

/// <summary>One team or member of a breakdown: its id (<c>team_1</c>, <c>usr_3</c> or <c>login:…</c>), name and value.</summary>
public sealed record BreakdownEntry(string Id, string Name, decimal? Value, int SampleSize);

public sealed record BreakdownView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BreakdownEntry>? Teams,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BreakdownEntry>? Members);

public sealed record DistributionEntry(string Key, int Count, decimal? Percent);

public sealed record ExcludedItem(string Id, string Reason);

/// <summary>The items behind a number (metrics.md §4.5), one page of them.</summary>
public sealed record EvidenceView(
    string ItemType,
    string ValueField,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Items,
    int Page,
    int PerPage,
    int Total,
    int TotalPages,
    IReadOnlyList<ExcludedItem> Excluded,
    string Formula);

/// <summary>The metric object (shape M, metrics.md §4.2), the same in every set, aggregate and payload.</summary>
public sealed record MetricView(
    string Key,
    string Unit,
    string Aggregation,
    decimal? Value,
    int SampleSize,
    StatsView? Stats,
    PreviousView? Previous,
    DeltaView? Delta,
    IReadOnlyList<SeriesPoint> Series,
    BreakdownView? Breakdown,
    IReadOnlyList<DistributionEntry>? Distribution,
    IReadOnlyDictionary<string, object?> Details)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EvidenceView? Evidence { get; init; }
}

/// <summary>A family's metric set (shape S); with <see cref="Context"/> it is the family aggregate (shape A).</summary>
public sealed record MetricSetView(string Family, IReadOnlyDictionary<string, MetricView?> Metrics)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public object? Context { get; init; }
}

/// <summary>A list (shape L): the summary over all items and one page of them.</summary>
public sealed record MetricListView<TItem>(MetricView? Summary, IReadOnlyList<TItem> Items);

/// <summary>The filters of a request as <c>meta.filters</c> shows them.</summary>
public sealed record MetricFiltersView(IReadOnlyList<string> TeamIds, IReadOnlyList<string> UserIds, IReadOnlyList<string> RepositoryIds, IReadOnlyList<string> BoardIds);

/// <summary><c>meta</c> of every metrics response (metrics.md §4.1); lists add their paging fields.</summary>
public sealed record MetricsMeta(
    string OrganizationId,
    DateOnly StartDate,
    DateOnly EndDate,
    int Days,
    DateOnly? PreviousStartDate,
    DateOnly? PreviousEndDate,
    DateTimeOffset AsOf,
    string Granularity,
    string Timezone,
    string Currency,
    MetricFiltersView Filters,
    DateTimeOffset GeneratedAt,
    string DefinitionsVersion)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Page { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? PerPage { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Total { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? TotalPages { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Sort { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Order { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? RestrictedMetrics { get; init; }
}

/// <summary>A success of a metrics route: <c>data</c> is always an object, and <c>meta</c> sits beside it.</summary>
public interface IMetricsDocument
{
    object Data { get; }
    MetricsMeta Meta { get; }
}

public sealed record MetricsDocument<TData>(TData Data, MetricsMeta Meta) : IMetricsDocument where TData : notnull
{
    object IMetricsDocument.Data => Data;
}
