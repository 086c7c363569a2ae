namespace Leanmote.Application.Common.Querying;

public enum SortOrder
{
    Asc,
    Desc,
}

public enum FilterOperator
{
    Eq,
    Gte,
    Gt,
    Lte,
    Lt,
}

/// <summary>One parsed filter. Values are typed: long ids, strings, booleans, decimals, or UTC instants.</summary>
public sealed record FilterCondition(string Field, FilterOperator Operator, object Value);

/// <summary>
/// Parsed, validated list parameters. Date-only values are already turned into half-open instant ranges,
/// so SQL only sees exact comparisons.
/// </summary>
public sealed record QueryOptions(
    int Page,
    int PerPage,
    string Sort,
    SortOrder Order,
    IReadOnlyList<FilterCondition> Filters,
    IReadOnlyList<string>? Fields)
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 100;
    public const int MaxPage = 10_000_000;

    /// <summary>Options of a request that has not been through the pipeline yet.</summary>
    public static QueryOptions Unset { get; } = new(1, DefaultPerPage, "created_at", SortOrder.Desc, [], null);

    public long Offset => (long)(Page - 1) * PerPage;
}

/// <summary>A request that carries list or field parameters, parsed by the query-options behaviour.</summary>
public interface IHasQueryOptions<TSelf> where TSelf : IHasQueryOptions<TSelf>
{
    static abstract QuerySpec Spec { get; }
    QueryParameters Parameters { get; }
    QueryOptions Options { get; }
    TSelf WithOptions(QueryOptions options);
}

/// <summary>One page of a list plus what <c>meta</c> needs.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, QueryOptions Options) : IPage
{
    object IPage.Items => Items;
}

/// <summary>The non-generic face of <see cref="Page{T}"/> that the envelope writes.</summary>
public interface IPage
{
    object Items { get; }
    long Total { get; }
    QueryOptions Options { get; }
}

public static class Page
{
    public static Page<T> Of<T>(IReadOnlyList<T> items, long total, QueryOptions options) => new(items, total, options);
}
