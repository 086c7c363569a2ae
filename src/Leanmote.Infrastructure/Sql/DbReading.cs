using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;

namespace Leanmote.Infrastructure.Sql;

/// <summary>Runs a <see cref="ListStatement"/>: the total and the page in one round trip.</summary>
internal static class DbReading
{
    public static async Task<(IReadOnlyList<T> Rows, long Total)> ReadPageAsync<T>(NpgsqlDataSource db, ListStatement list, CancellationToken ct)
    {
        var page = await ReadGuardedPageAsync<T>(db, guard: null, list, ct);
        return page!.Value;
    }

    /// <summary>
    /// Runs an optional guard (one boolean row: does the parent exist), the count unless a large total is
    /// cached (<see cref="LargeTotals"/>), and the page, in one round trip; null when the guard says no.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Rows, long Total)?> ReadGuardedPageAsync<T>(NpgsqlDataSource db, string? guard, ListStatement list, CancellationToken ct)
    {
        var key = LargeTotals.Key(db, list);
        var cached = LargeTotals.TryGet(key, out var total);
        var anchorKey = list.Deep is null ? null : key + "\n" + list.Deep.AnchoredPageSql + "\n@Offset=" + Convert.ToString(list.Parameters.Get<object>("Offset"), CultureInfo.InvariantCulture);
        var anchored = anchorKey is not null && PageAnchors.TryGet(anchorKey, out var anchor) && Bind(list, anchor);

        // First round trip: guard, count (unless cached), and the page — or, for a deep page without a known
        // anchor, the anchor itself.
        var sql = (guard ?? "") + (cached ? "" : list.CountSql + "\n")
            + (list.Deep is null ? list.PageSql : anchored ? list.Deep.AnchoredPageSql : list.Deep.AnchorSql);
        await using var conn = await db.OpenConnectionAsync(ct);
        string pageSql;
        await using (var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql, list.Parameters, cancellationToken: ct)))
        {
            if (guard is not null && !await grid.ReadSingleAsync<bool>()) return null;
            if (!cached)
            {
                total = await grid.ReadSingleAsync<long>();
                LargeTotals.Offer(key, total);
            }
            if (list.Deep is null || anchored) return ((await grid.ReadAsync<T>()).AsList(), total);

            var first = (IDictionary<string, object?>?)await grid.ReadSingleOrDefaultAsync();
            if (first is null) return ([], total);                       // past the last row
            if (first["sort_key"] is null)
            {
                pageSql = list.PageSql;                                 // no anchor on a null: locate by offset
            }
            else
            {
                var fresh = new PageAnchor(first["sort_key"]!, first["tie_key"]!);
                if (total >= LargeTotals.Threshold) PageAnchors.Offer(anchorKey!, fresh);
                Bind(list, fresh);
                pageSql = list.Deep.AnchoredPageSql;
            }
        }
        return ((await conn.QueryAsync<T>(new CommandDefinition(pageSql, list.Parameters, cancellationToken: ct))).AsList(), total);
    }

    private static bool Bind(ListStatement list, PageAnchor anchor)
    {
        list.Parameters.Add("AnchorSort", anchor.SortKey);
        list.Parameters.Add("AnchorTie", anchor.TieKey);
        return true;
    }
}

internal sealed record PageAnchor(object SortKey, object TieKey);

/// <summary>
/// The sort key of the first row of a deep page (offset ≥ <see cref="ListSql.DeferredJoinOffset"/>) of a large
/// list, per query and offset, for <see cref="LargeTotals.Lifetime"/>: skipping a hundred thousand rows costs
/// a hundred thousand index entries; seeking to a remembered key costs one page (ADR 0014).
/// </summary>
internal static class PageAnchors
{
    private static readonly TtlCache<PageAnchor> Entries = new();

    public static bool TryGet(string key, out PageAnchor anchor) => Entries.TryGet(key, out anchor!);

    public static void Offer(string key, PageAnchor anchor) => Entries.Set(key, anchor);
}

/// <summary>A bounded map whose entries live <see cref="LargeTotals.Lifetime"/>.</summary>
internal sealed class TtlCache<T>
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (T Value, long ExpiresAt)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T? value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > Environment.TickCount64)
        {
            value = entry.Value;
            return true;
        }
        value = default;
        return false;
    }

    public void Set(string key, T value)
    {
        if (_entries.Count >= MaxEntries)
        {
            var now = Environment.TickCount64;
            foreach (var (k, entry) in _entries)
                if (entry.ExpiresAt <= now) _entries.TryRemove(k, out _);
            if (_entries.Count >= MaxEntries) _entries.Clear();
        }
        _entries[key] = (value, Environment.TickCount64 + (long)LargeTotals.Lifetime.TotalMilliseconds);
    }
}

/// <summary>
/// Totals of at least <see cref="Threshold"/> rows, remembered per query (SQL text and parameter values,
/// paging aside) for <see cref="Lifetime"/>: an exact <c>count(*)</c> over a million rows costs hundreds of
/// milliseconds, and a client walking its pages asks for the same one again and again. Smaller totals are
/// always counted, so they are always exact; large ones may trail writes by up to the lifetime (ADR 0014).
/// </summary>
internal static class LargeTotals
{
    public const long Threshold = 10_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static readonly TtlCache<long> Entries = new();

    public static string Key(NpgsqlDataSource db, ListStatement list)
    {
        var key = new StringBuilder(db.ConnectionString).Append('\n').Append(list.CountSql);
        foreach (var name in list.Parameters.ParameterNames.Order(StringComparer.Ordinal))
        {
            if (name is "Limit" or "Offset") continue;
            key.Append('\n').Append(name).Append('=');
            Append(key, list.Parameters.Get<object?>(name));
        }
        return key.ToString();
    }

    private static void Append(StringBuilder key, object? value)
    {
        switch (value)
        {
            case null: key.Append("<null>"); break;
            case string s: key.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"'); break;
            case IEnumerable items:
                key.Append('[');
                foreach (var item in items) { Append(key, item); key.Append(','); }
                key.Append(']');
                break;
            case IFormattable f: key.Append(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: key.Append(value); break;
        }
    }

    public static bool TryGet(string key, out long total) => Entries.TryGet(key, out total);

    public static void Offer(string key, long total)
    {
        if (total >= Threshold) Entries.Set(key, total);
    }
}
