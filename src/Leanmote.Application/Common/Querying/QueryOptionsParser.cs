using System.Globalization;
using Leanmote.Application.Common.Results;

namespace Leanmote.Application.Common.Querying;

/// <summary>
/// Turns raw query parameters into <see cref="QueryOptions"/> against a <see cref="QuerySpec"/> (rest-api.md §5).
/// Pure; every rejection is a validation error naming the parameter and, where useful, the allowed values.
/// </summary>
public static class QueryOptionsParser
{
    private static readonly string[] Paging = ["page", "per_page", "sort", "order", "fields"];

    public static Result<QueryOptions> Parse(QuerySpec spec, QueryParameters parameters)
    {
        var details = new List<ErrorDetail>();
        int page = 1, perPage = QueryOptions.DefaultPerPage;
        var sort = spec.DefaultSort;
        var order = SortOrder.Desc;
        IReadOnlyList<string>? fields = null;
        var filters = new List<FilterCondition>();
        var seenFilters = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (key, values) in parameters.Entries)
        {
            if (values.Count != 1)
            {
                details.Add(new(key, "must not be repeated"));
                continue;
            }
            var value = values[0];
            switch (key)
            {
                case "fields":
                    fields = ParseFields(spec, value, details);
                    continue;
                case "page" when spec.IsList:
                    page = ParseInt(key, value, 1, QueryOptions.MaxPage, details) ?? page;
                    continue;
                case "per_page" when spec.IsList:
                    perPage = ParseInt(key, value, 1, QueryOptions.MaxPerPage, details) ?? perPage;
                    continue;
                case "sort" when spec.IsList:
                    if (spec.SortableFields.Contains(value, StringComparer.Ordinal)) sort = value;
                    else details.Add(new(key, $"must be one of: {string.Join(", ", spec.SortableFields)}"));
                    continue;
                case "order" when spec.IsList:
                    if (value.Equals("asc", StringComparison.OrdinalIgnoreCase)) order = SortOrder.Asc;
                    else if (value.Equals("desc", StringComparison.OrdinalIgnoreCase)) order = SortOrder.Desc;
                    else details.Add(new(key, "must be one of: asc, desc"));
                    continue;
            }

            if (!spec.IsList || !TrySplitFilter(key, out var name, out var op) || !spec.Filters.TryGetValue(name, out var filter))
            {
                details.Add(new(key, $"is not a recognised parameter; allowed: {string.Join(", ", Allowed(spec))}"));
                continue;
            }
            if (!seenFilters.Add(name + "[" + (op ?? "eq") + "]"))
            {
                details.Add(new(key, "must not be repeated"));
                continue;
            }
            ParseFilter(filter, key, op, value, filters, details);
        }

        CheckRanges(filters, details);
        if (details.Count > 0) return Error.Validation(details);
        return new QueryOptions(page, perPage, sort, order, filters, fields);
    }

    private static IEnumerable<string> Allowed(QuerySpec spec)
    {
        if (!spec.IsList)
        {
            if (spec.Fields.Count > 0) yield return "fields";
            yield break;
        }
        foreach (var p in Paging) yield return p;
        foreach (var f in spec.Filters.Values)
        {
            yield return f.IsComparable ? f.Name + "[eq|gte|gt|lte|lt]" : f.Name;
        }
    }

    /// <summary>Splits <c>name[op]</c>; a bare name is returned with a null operator.</summary>
    private static bool TrySplitFilter(string key, out string name, out string? op)
    {
        op = null;
        name = key;
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0) return key.Length > 0 && key.IndexOf(']', StringComparison.Ordinal) < 0;
        if (open == 0 || !key.EndsWith(']') || key.IndexOf('[', open + 1) >= 0) return false;
        name = key[..open];
        op = key[(open + 1)..^1];
        return op.Length > 0;
    }

    private static void ParseFilter(FilterField filter, string key, string? op, string value, List<FilterCondition> filters, List<ErrorDetail> details)
    {
        FilterOperator @operator;
        switch (op)
        {
            case null or "eq": @operator = FilterOperator.Eq; break;
            case "gte": @operator = FilterOperator.Gte; break;
            case "gt": @operator = FilterOperator.Gt; break;
            case "lte": @operator = FilterOperator.Lte; break;
            case "lt": @operator = FilterOperator.Lt; break;
            default:
                details.Add(new(key, "uses an unknown operator; allowed: eq, gte, gt, lte, lt"));
                return;
        }
        if (op is not null && !filter.IsComparable && op != "eq")
        {
            details.Add(new(key, $"does not support comparison operators; use {filter.Name}=value"));
            return;
        }

        switch (filter.Kind)
        {
            case FilterValueKind.Id:
                if (Domain.Common.PublicId.TryParseValue(value, filter.IdPrefix!, out var id)) filters.Add(new(filter.Name, @operator, id));
                else details.Add(new(key, $"must be an id like {filter.IdPrefix}_123"));
                return;
            case FilterValueKind.Enum:
                if (filter.EnumValues!.Contains(value, StringComparer.Ordinal)) filters.Add(new(filter.Name, @operator, value));
                else details.Add(new(key, $"must be one of: {string.Join(", ", filter.EnumValues!)}"));
                return;
            case FilterValueKind.Boolean:
                if (value is "true" or "false") filters.Add(new(filter.Name, @operator, value == "true"));
                else details.Add(new(key, "must be true or false"));
                return;
            case FilterValueKind.Text:
                if (value.Length is 0 or > 320) details.Add(new(key, "must be between 1 and 320 characters"));
                else if (value.Any(char.IsControl)) details.Add(new(key, "must not contain control characters"));   // a NUL cannot reach SQL (ADR 0051)
                else filters.Add(new(filter.Name, @operator, value));
                return;
            case FilterValueKind.Number:
                if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                    filters.Add(new(filter.Name, @operator, number));
                else details.Add(new(key, "must be a number"));
                return;
            case FilterValueKind.Timestamp:
                ParseTimestamp(filter.Name, key, @operator, value, filters, details);
                return;
        }
    }

    /// <summary>
    /// A full timestamp compares exactly. A date-only value stands for the whole UTC day, so every operator is
    /// rewritten into half-open bounds: [gte] from the day's start, [lte] before the next day, [gt] from the next
    /// day, [lt] before the day, [eq] within the day.
    /// </summary>
    private static void ParseTimestamp(string name, string key, FilterOperator op, string value, List<FilterCondition> filters, List<ErrorDetail> details)
    {
        if (value.Length == 10)
        {
            if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                details.Add(new(key, "must be a date (YYYY-MM-DD) or an ISO-8601 timestamp"));
                return;
            }
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var next = date == DateOnly.MaxValue ? DateTimeOffset.MaxValue : start.AddDays(1);
            switch (op)
            {
                case FilterOperator.Eq:
                    filters.Add(new(name, FilterOperator.Gte, start));
                    filters.Add(new(name, FilterOperator.Lt, next));
                    break;
                case FilterOperator.Gte: filters.Add(new(name, FilterOperator.Gte, start)); break;
                case FilterOperator.Lte: filters.Add(new(name, FilterOperator.Lt, next)); break;
                case FilterOperator.Gt: filters.Add(new(name, FilterOperator.Gte, next)); break;
                case FilterOperator.Lt: filters.Add(new(name, FilterOperator.Lt, start)); break;
            }
            return;
        }

        if (value.Length < 16 || !value.Contains('T', StringComparison.Ordinal) ||
            !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            details.Add(new(key, "must be a date (YYYY-MM-DD) or an ISO-8601 timestamp"));
            return;
        }
        filters.Add(new(name, op, instant.ToUniversalTime()));
    }

    /// <summary>
    /// A lower bound after an upper bound of the same field can match nothing: reject it. Bounds are compared
    /// with their strictness, so a date-only <c>[gte]</c> the day after a date-only <c>[lte]</c> (which meet at
    /// the same instant as <c>&gt;= next day</c> and <c>&lt; next day</c>) is rejected too.
    /// </summary>
    private static void CheckRanges(List<FilterCondition> filters, List<ErrorDetail> details)
    {
        foreach (var group in filters.Where(f => f.Value is DateTimeOffset or decimal).GroupBy(f => f.Field))
        {
            var lowers = group.Where(f => f.Operator is FilterOperator.Gte or FilterOperator.Gt or FilterOperator.Eq).ToList();
            var uppers = group.Where(f => f.Operator is FilterOperator.Lte or FilterOperator.Lt or FilterOperator.Eq).ToList();
            var empty = lowers.Any(lower => uppers.Any(upper =>
            {
                var order = CompareValues(lower.Value, upper.Value);
                return order > 0 || (order == 0 && (lower.Operator == FilterOperator.Gt || upper.Operator == FilterOperator.Lt));
            }));
            if (empty) details.Add(new(group.Key, "has a lower bound after its upper bound"));
        }
    }

    private static int CompareValues(object? a, object? b) => (a, b) switch
    {
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (decimal x, decimal y) => x.CompareTo(y),
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ => 0,
    };

    private static int? ParseInt(string key, string value, int min, int max, List<ErrorDetail> details)
    {
        if (value.Length is > 0 and <= 10 && value.All(char.IsAsciiDigit) &&
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }
        details.Add(new(key, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}")));
        return null;
    }

    private static IReadOnlyList<string>? ParseFields(QuerySpec spec, string value, List<ErrorDetail> details)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var unknown = parts.Where(p => !spec.Fields.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            var shown = unknown.Count == 1 ? $"'{unknown[0]}'" : string.Join(", ", unknown.Take(5).Select(u => $"'{u}'"));
            details.Add(new("fields", $"names unknown field {shown}; allowed: {string.Join(", ", spec.Fields.Order(StringComparer.Ordinal))}"));
            return null;
        }
        return parts.Distinct(StringComparer.Ordinal).ToList();
    }
}
