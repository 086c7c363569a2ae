using Leanmote.Application.Common.Querying;

namespace Leanmote.Application.Metrics.Engine;

/// <summary>The response shapes of metrics routes (metrics.md §1.3, §4).</summary>
public enum MetricShape
{
    /// <summary>M: one metric object.</summary>
    Metric,
    /// <summary>S: one family's metric set.</summary>
    Set,
    /// <summary>A: a family's metric set plus the request context.</summary>
    Aggregate,
    /// <summary>L: a paginated list with a summary.</summary>
    List,
    /// <summary>C: the context alone.</summary>
    Context,
    /// <summary>G: the interaction graph.</summary>
    Graph,
    /// <summary>The full payload of several families (§7.1).</summary>
    Payload,
}

[Flags]
public enum Breakdown
{
    None = 0,
    Team = 1,
    Member = 2,
}

/// <summary>What one route accepts beyond the common parameters (metrics.md §2.1): its shape, breakdowns and list sorts.</summary>
public sealed record MetricRouteSpec(MetricShape Shape, Breakdown Breakdowns, IReadOnlyList<string> Sorts, string? DefaultSort, SortOrder DefaultOrder)
{
    public static MetricRouteSpec Metric(Breakdown breakdowns) => new(MetricShape.Metric, breakdowns, [], null, SortOrder.Desc);

    public static MetricRouteSpec Set { get; } = new(MetricShape.Set, Breakdown.Team | Breakdown.Member, [], null, SortOrder.Desc);

    public static MetricRouteSpec Aggregate { get; } = new(MetricShape.Aggregate, Breakdown.Team | Breakdown.Member, [], null, SortOrder.Desc);

    public static MetricRouteSpec Payload { get; } = new(MetricShape.Payload, Breakdown.Team | Breakdown.Member, [], null, SortOrder.Desc);

    public static MetricRouteSpec Context { get; } = new(MetricShape.Context, Breakdown.None, [], null, SortOrder.Desc);

    public static MetricRouteSpec Graph { get; } = new(MetricShape.Graph, Breakdown.None, [], null, SortOrder.Desc);

    /// <summary>A list sorted by <paramref name="sorts"/> (the first is the default, in <paramref name="order"/>).</summary>
    public static MetricRouteSpec List(SortOrder order, params string[] sorts) => new(MetricShape.List, Breakdown.None, sorts, sorts[0], order);

    public bool TakesEvidence => Shape is MetricShape.Metric or MetricShape.Set or MetricShape.Aggregate or MetricShape.Payload;
}

/// <summary>
/// A metrics request's parameters after every §2 rule: typed ids (not yet checked against the organization), the
/// window with its as_of and buckets, the comparison, breakdown, evidence paging and list paging.
/// </summary>
public sealed record MetricParameters(
    IReadOnlyList<long> TeamIds,
    IReadOnlyList<long> UserIds,
    IReadOnlyList<long> RepositoryIds,
    IReadOnlyList<long> BoardIds,
    MetricWindow Window,
    bool Compare,
    Breakdown Breakdown,
    bool Evidence,
    int EvidencePage,
    int EvidencePerPage,
    int Page,
    int PerPage,
    string? Sort,
    SortOrder Order,
    IReadOnlyList<string> Families)
{
    public const int DefaultEvidencePerPage = 100;
    public const int MaxEvidencePerPage = 500;

    /// <summary>The previous window when <c>compare=previous_period</c>, else null.</summary>
    public MetricWindow? PreviousWindow => Compare ? Window.Previous() : null;

    /// <summary>The instants every source must cover: the previous window (when compared) through W.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Span => (PreviousWindow?.StartInstant ?? Window.StartInstant, Window.EndInstant);

    public long Offset => (long)(Page - 1) * PerPage;
}
