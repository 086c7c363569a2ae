using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Common.Querying;

public enum FilterValueKind
{
    Id,
    Enum,
    Boolean,
    Text,
    Timestamp,
    Number,
}

/// <summary>How one filterable field parses its values.</summary>
public sealed record FilterField(string Name, FilterValueKind Kind, string? IdPrefix = null, IReadOnlyList<string>? EnumValues = null)
{
    public bool IsComparable => Kind is FilterValueKind.Timestamp or FilterValueKind.Number;
}

/// <summary>
/// The list parameters one endpoint accepts (rest-api.md §5): sortable fields, filters and the fields of its
/// view that <c>fields=</c> may name. Declared once per request type as a static.
/// </summary>
public sealed class QuerySpec
{
    private readonly List<string> _sortable = [];
    private readonly Dictionary<string, FilterField> _filters = new(StringComparer.Ordinal);

    private QuerySpec(bool isList, IReadOnlySet<string> fields)
    {
        IsList = isList;
        Fields = fields;
    }

    public bool IsList { get; }
    public string DefaultSort { get; private set; } = "created_at";
    public IReadOnlyList<string> SortableFields => _sortable;
    public IReadOnlyDictionary<string, FilterField> Filters => _filters;

    /// <summary>Every field path of the view (<c>id</c>, <c>author</c>, <c>author.name</c> …).</summary>
    public IReadOnlySet<string> Fields { get; }

    /// <summary>A list endpoint returning <typeparamref name="TView"/> rows.</summary>
    public static QuerySpec For<TView>() => new(isList: true, FieldPaths.Of(typeof(TView)));

    /// <summary>A single-resource endpoint: only <c>fields</c> is accepted.</summary>
    public static QuerySpec Single<TView>() => new(isList: false, FieldPaths.Of(typeof(TView)));

    /// <summary>An endpoint that takes no query parameters at all.</summary>
    public static QuerySpec None { get; } = new(isList: false, FrozenSet<string>.Empty);

    public QuerySpec Sortable(params string[] fields)
    {
        foreach (var field in fields) Require(field);
        _sortable.AddRange(fields);
        return this;
    }

    public QuerySpec DefaultSortBy(string field)
    {
        DefaultSort = field;
        return this;
    }

    public QuerySpec IdFilter<TId>(string name) where TId : struct, IPublicId<TId> =>
        Add(new FilterField(name, FilterValueKind.Id, IdPrefix: TId.Prefix));

    public QuerySpec EnumFilter(string name, params string[] values) => Add(new FilterField(name, FilterValueKind.Enum, EnumValues: values));

    public QuerySpec BooleanFilter(string name) => Add(new FilterField(name, FilterValueKind.Boolean));

    public QuerySpec TextFilter(string name) => Add(new FilterField(name, FilterValueKind.Text));

    public QuerySpec TimestampFilter(string name) => Add(new FilterField(name, FilterValueKind.Timestamp));

    public QuerySpec NumberFilter(string name) => Add(new FilterField(name, FilterValueKind.Number));

    private QuerySpec Add(FilterField field)
    {
        _filters.Add(field.Name, field);
        return this;
    }

    private void Require(string field)
    {
        if (!Fields.Contains(field))
            throw new InvalidOperationException($"'{field}' is not a field of the view; the spec can't sort by it");
    }

    private static class FieldPaths
    {
        public static FrozenSet<string> Of(Type view)
        {
            var paths = new HashSet<string>(StringComparer.Ordinal);
            Collect(view, prefix: "", paths, depth: 0);
            return paths.ToFrozenSet(StringComparer.Ordinal);
        }

        private static void Collect(Type type, string prefix, HashSet<string> paths, int depth)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
                var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                    ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
                var path = prefix + name;
                paths.Add(path);
                if (depth < 3 && IsNestedObject(property.PropertyType)) Collect(property.PropertyType, path + ".", paths, depth + 1);
            }
        }

        private static bool IsNestedObject(Type type) =>
            type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Leanmote", StringComparison.Ordinal) == true;
    }
}
