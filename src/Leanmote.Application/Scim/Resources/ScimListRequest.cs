using System.Globalization;
using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Resources;

/// <summary>
/// The raw list parameters of <c>GET /Users</c>, <c>GET /Groups</c> and their <c>.search</c> forms (scim.md §6.1,
/// §6.2, §8). Counts arrive as text so both forms share one validation.
/// </summary>
public sealed record ScimListRequest(
    string? Filter,
    string? StartIndex,
    string? Count,
    string? SortBy,
    string? SortOrder,
    IReadOnlyList<string>? Attributes,
    IReadOnlyList<string>? ExcludedAttributes)
{
    public const int DefaultCount = 100;
    public const int MaxCount = 1000;

    public static ScimListRequest Empty { get; } = new(null, null, null, null, null, null, null);

    /// <summary>Validates and normalises: the parsed filter, the sort key, the 1-based start and the clamped count.</summary>
    public ScimResult<ScimListQuery> Parse(ScimResourceSchema schema, bool includeComputed)
    {
        FilterNode? filter = null;
        if (!string.IsNullOrWhiteSpace(Filter))
        {
            var parsed = ScimFilterParser.Parse(Filter, schema);
            if (parsed.Error is { } filterError) return ScimErrors.From(filterError);
            filter = parsed.Value;
        }

        var start = 1;
        if (!string.IsNullOrWhiteSpace(StartIndex))
        {
            if (!long.TryParse(StartIndex.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return ScimError.InvalidValue($"startIndex '{ScimError.Echo(StartIndex)}' is not an integer");
            start = (int)Math.Clamp(value, 1, int.MaxValue);
        }

        var count = DefaultCount;
        if (!string.IsNullOrWhiteSpace(Count))
        {
            if (!long.TryParse(Count.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return ScimError.InvalidValue($"count '{ScimError.Echo(Count)}' is not an integer");
            count = (int)Math.Clamp(value, 0, MaxCount);
        }

        var sort = ScimSort.Default;
        var descending = false;
        if (!string.IsNullOrWhiteSpace(SortBy))
        {
            var path = schema.ResolveSortBy(SortBy);
            if (path.Error is { } sortError) return ScimErrors.From(sortError);
            sort = path.Value.Name switch
            {
                "userName" => ScimSort.UserName,
                "displayName" => ScimSort.DisplayName,
                "externalId" => ScimSort.ExternalId,
                "title" => ScimSort.Title,
                "name.givenName" => ScimSort.GivenName,
                "name.familyName" => ScimSort.FamilyName,
                "emails.value" => ScimSort.Email,
                "active" => ScimSort.Active,
                "meta.created" => ScimSort.Created,
                "meta.lastModified" => ScimSort.LastModified,
                _ => ScimSort.Default,
            };
            if (!string.IsNullOrWhiteSpace(SortOrder))
            {
                var order = SortOrder.Trim();
                if (order.Equals("descending", StringComparison.OrdinalIgnoreCase)) descending = true;
                else if (!order.Equals("ascending", StringComparison.OrdinalIgnoreCase))
                    return ScimError.InvalidValue($"sortOrder '{ScimError.Echo(SortOrder)}' must be ascending or descending");
            }
        }

        return new ScimListQuery(filter, sort, descending, start, count, includeComputed);
    }
}

/// <summary>Bridges the engine's 400-only errors to the surface's errors.</summary>
public static class ScimErrors
{
    public static ScimError From(Schema.ScimError error) => new(400, error.ScimType, error.Detail);
}
