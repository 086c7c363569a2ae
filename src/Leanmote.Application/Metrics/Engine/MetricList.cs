using Leanmote.Application.Common.Querying;

namespace Leanmote.Application.Metrics.Engine;

/// <summary>
/// Sorting and paging of the L routes (metrics.md §4.4): the route's sort key in the requested order, nulls last,
/// ties broken by the item's id, then one page; <c>meta</c> gains the paging fields.
/// </summary>
public static class MetricList
{
    public static (IReadOnlyList<T> Page, MetricsMeta Meta) Page<T>(
        IReadOnlyList<T> items,
        MetricParameters parameters,
        MetricsMeta meta,
        Func<T, long> id,
        IReadOnlyDictionary<string, Func<T, IComparable?>> sorts)
    {
        var key = sorts[parameters.Sort!];
        var descending = parameters.Order == SortOrder.Desc;
        var sorted = items.ToList();
        sorted.Sort((a, b) =>
        {
            var (x, y) = (key(a), key(b));
            int byKey;
            if (x is null || y is null) byKey = x is null ? (y is null ? 0 : 1) : -1;   // nulls last either way
            else byKey = descending ? y.CompareTo(x) : x.CompareTo(y);
            return byKey != 0 ? byKey : id(a).CompareTo(id(b));
        });
        var page = sorted.Skip((int)Math.Min(parameters.Offset, int.MaxValue)).Take(parameters.PerPage).ToList();
        var total = sorted.Count;
        return (page, meta with
        {
            Page = parameters.Page,
            PerPage = parameters.PerPage,
            Total = total,
            TotalPages = total == 0 ? 0 : (total + parameters.PerPage - 1) / parameters.PerPage,
            Sort = parameters.Sort,
            Order = descending ? "desc" : "asc",
        });
    }

    /// <summary>A count summary whose every bucket holds the same count (for lists of people, who have no anchor).</summary>
    public static MetricView CountSummary(string key, int count, MetricWindow window) => new(
        key, MetricUnits.Count, "count", count, count, null, null, null,
        [.. window.Buckets().Select(b => new SeriesPoint(b.Start, b.End, count, count))], null, null, new Dictionary<string, object?>());
}
