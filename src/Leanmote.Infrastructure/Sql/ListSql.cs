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

public sealed record ListStatement(string Sql, DynamicParameters Parameters);

/// <summary>
/// Builds the count and page statements of a list (style.md §6) from constant fragments and typed options:
/// filter predicates with numbered parameters, ORDER BY the mapped sort column and the tie-break in the same
/// direction, LIMIT/OFFSET. Values from the request only ever travel as parameters.
/// </summary>
public static class ListSql
{
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
        var sql = $"""
            SELECT count(*) {fromWhere}{predicates};
            SELECT {select} {fromWhere}{predicates}
            ORDER BY {columns[options.Sort]} {direction}, {columns.TieBreak} {direction}
            LIMIT @Limit OFFSET @Offset;
            """;
        parameters.Add("Limit", options.PerPage);
        parameters.Add("Offset", options.Offset);
        return new ListStatement(sql, parameters);
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
