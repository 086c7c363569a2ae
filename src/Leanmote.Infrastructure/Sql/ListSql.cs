using System.Collections;
using System.Text;
using Dapper;
using Leanmote.Application.Common.Querying;

namespace Leanmote.Infrastructure.Sql;

/// <summary>
/// API field name → SQL expression, declared as constants beside the reader's SQL. The only way a request's
/// sort or filter key reaches SQL text is by selecting one of these constants.
/// </summary>
public sealed class ColumnMap(string tieBreak) : IEnumerable<KeyValuePair<string, string>>
{
    private readonly Dictionary<string, string> _columns = new(StringComparer.Ordinal);

    /// <summary>The unique column that breaks sort ties, so pages never overlap or skip.</summary>
    public string TieBreak { get; } = tieBreak;

    public string this[string field]
    {
        get => _columns.TryGetValue(field, out var column)
            ? column
            : throw new InvalidOperationException($"No column is mapped for field '{field}'");
        init => _columns[field] = value;
    }

    public bool Contains(string field) => _columns.ContainsKey(field);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _columns.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// A list query: <see cref="CountSql"/> yields the total, <see cref="PageSql"/> the rows; both take
/// <see cref="Parameters"/>. <see cref="Sql"/> is both, for one round trip.
/// </summary>
public sealed record ListStatement(string CountSql, string PageSql, DynamicParameters Parameters)
{
    private const string AnyOrganization = "= ANY(@OrganizationIds)";

    /// <summary>
    /// Deep pages only: <see cref="DeepPage.AnchorSql"/> finds the sort key of the page's first row, and
    /// <see cref="DeepPage.AnchoredPageSql"/> reads the page from that key on (<c>@AnchorSort</c>, <c>@AnchorTie</c>).
    /// </summary>
    public DeepPage? Deep { get; init; }

    public string Sql => CountSql + "\n" + PageSql;

    /// <summary>
    /// Binds the organizations the request may read (<c>@OrganizationIds</c>). With exactly one, the
    /// fragments' <c>organization_id = ANY(@OrganizationIds)</c> become a plain equality, which lets the
    /// planner walk the <c>(organization_id, sort column, id)</c> indexes in order instead of sorting every
    /// matching row — the usual case, since most callers belong to one organization.
    /// </summary>
    public ListStatement ScopedTo(IReadOnlyList<long> organizationIds)
    {
        Parameters.Add("OrganizationIds", organizationIds.ToArray());
        if (organizationIds.Count != 1) return this;
        Parameters.Add("ScopeOrganizationId", organizationIds[0]);
        return this with
        {
            CountSql = Scope(CountSql),
            PageSql = Scope(PageSql),
            Deep = Deep is null ? null : new DeepPage(Scope(Deep.AnchorSql), Scope(Deep.AnchoredPageSql)),
        };
    }

    private static string Scope(string sql) => sql.Replace(AnyOrganization, "= @ScopeOrganizationId", StringComparison.Ordinal);
}

public sealed record DeepPage(string AnchorSql, string AnchoredPageSql);

/// <summary>
/// Builds the count and page statements of a list (style.md §6) from constant fragments and typed options:
/// filter predicates with numbered parameters, ORDER BY the mapped sort column and the tie-break in the same
/// direction, LIMIT/OFFSET. Values from the request only ever travel as parameters.
/// </summary>
public static class ListSql
{
    /// <summary>From this offset on, a page is located by key first (ADR 0014).</summary>
    public const int DeferredJoinOffset = 1000;

    /// <param name="select">the select list (constant)</param>
    /// <param name="fromWhere">the FROM/JOIN/WHERE fragment (constant, must contain a WHERE clause)</param>
    public static ListStatement Build(string select, string fromWhere, ColumnMap columns, QueryOptions options)
    {
        var parameters = new DynamicParameters();
        var predicates = new StringBuilder();
        for (var i = 0; i < options.Filters.Count; i++)
        {
            var filter = options.Filters[i];
            var name = "F" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            predicates.Append(" AND ").Append(columns[filter.Field]).Append(' ').Append(Operator(filter.Operator)).Append(" @").Append(name);
            parameters.Add(name, filter.Value);
        }

        var direction = options.Order == SortOrder.Asc ? "ASC" : "DESC";
        var orderBy = $"ORDER BY {columns[options.Sort]} {direction}, {columns.TieBreak} {direction}";
        var count = $"SELECT count(*) {fromWhere}{predicates};";
        parameters.Add("Limit", options.PerPage);
        parameters.Add("Offset", options.Offset);
        if (options.Offset < DeferredJoinOffset)
        {
            return new ListStatement(count, $"""
                SELECT {select} {fromWhere}{predicates}
                {orderBy}
                LIMIT @Limit OFFSET @Offset;
                """, parameters);
        }

        // Deep pages, first without a remembered anchor: find the page's keys (the sort and filter columns
        // only, which the list indexes cover, so skipped rows are read from the index alone), then those rows.
        var deferred = $"""
            SELECT {select} {fromWhere}{predicates}
            AND {columns.TieBreak} IN (SELECT {columns.TieBreak} {fromWhere}{predicates} {orderBy} LIMIT @Limit OFFSET @Offset)
            {orderBy};
            """;
        // From a known first-row key (the anchor), a deep page is an index range read of one page. A null sort
        // value never becomes an anchor; nulls sort first descending and last ascending (PostgreSQL's default).
        var sort = columns[options.Sort];
        var from = options.Order == SortOrder.Asc
            ? $"(({sort}, {columns.TieBreak}) >= (@AnchorSort, @AnchorTie) OR {sort} IS NULL)"
            : $"({sort}, {columns.TieBreak}) <= (@AnchorSort, @AnchorTie)";
        var deep = new DeepPage(
            $"SELECT {sort} AS sort_key, {columns.TieBreak} AS tie_key {fromWhere}{predicates} {orderBy} LIMIT 1 OFFSET @Offset;",
            $"""
            SELECT {select} {fromWhere}{predicates} AND {from}
            {orderBy}
            LIMIT @Limit;
            """);
        return new ListStatement(count, deferred, parameters) { Deep = deep };
    }

    private static string Operator(FilterOperator op) => op switch
    {
        FilterOperator.Eq => "=",
        FilterOperator.Gte => ">=",
        FilterOperator.Gt => ">",
        FilterOperator.Lte => "<=",
        FilterOperator.Lt => "<",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
