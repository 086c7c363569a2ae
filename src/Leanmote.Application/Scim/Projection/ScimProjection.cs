using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Projection;

/// <summary>
/// <c>attributes</c> / <c>excludedAttributes</c> (spec §8.3) for one resource type. Build it once per request
/// (<see cref="Parse(ScimResourceSchema, string?, string?)"/> for the comma-separated query form,
/// <see cref="FromLists"/> for the arrays of a <c>.search</c> body), ask <see cref="Needs"/> whether expensive
/// attributes (<c>members</c>, <c>groups</c>) must be loaded at all, then <see cref="Apply"/> it to each resource.
/// <list type="bullet">
/// <item>Names are case-insensitive; sub-attributes and URN-qualified names are allowed; unknown names are ignored.</item>
/// <item>With <c>attributes</c>: <c>schemas</c>, <c>id</c> (returned always) and the listed attributes only; a listed
/// sub-attribute returns its parent with just that sub-attribute; <c>meta</c> only if listed.</item>
/// <item>With <c>excludedAttributes</c>: the default set minus those; <c>id</c> and <c>schemas</c> stay.</item>
/// <item>Both → <c>attributes</c> wins. Attributes returned never (<c>password</c>) are always dropped.</item>
/// </list>
/// </summary>
public sealed class ScimProjection
{
    // attribute → null (the whole attribute) or the selected sub-attributes
    private readonly Dictionary<ScimAttribute, HashSet<ScimAttribute>?> _selection;

    private ScimProjection(ScimResourceSchema schema, ProjectionMode mode, Dictionary<ScimAttribute, HashSet<ScimAttribute>?> selection)
    {
        Schema = schema;
        Mode = mode;
        _selection = selection;
    }

    public ScimResourceSchema Schema { get; }

    public ProjectionMode Mode { get; }

    /// <summary>The default projection (everything but returned-never attributes).</summary>
    public static ScimProjection Default(ScimResourceSchema schema) => new(schema, ProjectionMode.Default, []);

    /// <summary>From the query parameters (comma-separated; null/blank = not given).</summary>
    public static ScimProjection Parse(ScimResourceSchema schema, string? attributes, string? excludedAttributes) =>
        FromLists(schema, Split(attributes), Split(excludedAttributes));

    /// <summary>From lists (a <c>.search</c> body); null or empty = not given.</summary>
    public static ScimProjection FromLists(ScimResourceSchema schema, IEnumerable<string>? attributes, IEnumerable<string>? excludedAttributes)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var included = attributes?.Where(a => !string.IsNullOrWhiteSpace(a)).ToList() ?? [];
        if (included.Count > 0)
            return new ScimProjection(schema, ProjectionMode.Include, Select(schema, included));
        var excluded = excludedAttributes?.Where(a => !string.IsNullOrWhiteSpace(a)).ToList() ?? [];
        if (excluded.Count > 0)
            return new ScimProjection(schema, ProjectionMode.Exclude, Select(schema, excluded));
        return Default(schema);
    }

    /// <summary>
    /// Whether the response can contain any part of <paramref name="attributeName"/> (<c>members</c>, <c>groups</c>,
    /// any name the schema resolves). Storage skips loading an attribute when this is false.
    /// </summary>
    public bool Needs(string attributeName)
    {
        var path = Schema.Resolve(attributeName);
        return path is not null && Needs(path.Attribute);
    }

    /// <summary>Whether the response can contain any part of <paramref name="attribute"/> (a top-level attribute).</summary>
    public bool Needs(ScimAttribute attribute)
    {
        if (attribute.Returned == ScimReturned.Never)
            return false;
        if (attribute.Returned == ScimReturned.Always)
            return true;
        return Mode switch
        {
            ProjectionMode.Include => _selection.ContainsKey(attribute),
            ProjectionMode.Exclude => !(_selection.TryGetValue(attribute, out var subs) && subs is null),
            _ => attribute.Returned != ScimReturned.Request,
        };
    }

    /// <summary>Returns a projected copy of <paramref name="resource"/> (canonical form, see ScimPatcher).</summary>
    public JsonObject Apply(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var result = new JsonObject();
        foreach (var (key, value) in resource)
        {
            if (key == "schemas")
            {
                result[key] = value?.DeepClone();
                continue;
            }
            if (Schema.FindExtension(key) is { } extension)
            {
                if (value is not JsonObject data)
                    continue;
                var projected = ProjectContainer(data, extension);
                if (projected.Count > 0)
                    result[key] = projected;
                continue;
            }
            var attribute = Schema.Core.Find(key);
            if (attribute is null)
            {
                if (Mode != ProjectionMode.Include)
                    result[key] = value?.DeepClone();
                continue;
            }
            var node = Project(attribute, value);
            if (node is not null)
                result[key] = node;
        }
        return result;
    }

    private JsonObject ProjectContainer(JsonObject data, ScimSchemaDefinition definition)
    {
        var result = new JsonObject();
        foreach (var (key, value) in data)
        {
            var attribute = definition.Find(key);
            if (attribute is null)
                continue;
            var node = Project(attribute, value);
            if (node is not null)
                result[key] = node;
        }
        return result;
    }

    private JsonNode? Project(ScimAttribute attribute, JsonNode? value)
    {
        if (value is null || !Needs(attribute))
            return null;
        if (attribute.Returned == ScimReturned.Always || Mode == ProjectionMode.Default)
            return value.DeepClone();
        _selection.TryGetValue(attribute, out var subs);
        if (subs is null)
            return Mode == ProjectionMode.Include || !_selection.ContainsKey(attribute) ? value.DeepClone() : null;
        return FilterSubAttributes(value, subs, keep: Mode == ProjectionMode.Include);
    }

    private static JsonNode? FilterSubAttributes(JsonNode value, HashSet<ScimAttribute> subs, bool keep)
    {
        var names = subs.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        JsonObject? Filter(JsonObject obj)
        {
            var result = new JsonObject();
            foreach (var (key, item) in obj)
            {
                if (names.Contains(key) == keep)
                    result[key] = item?.DeepClone();
            }
            return result.Count > 0 ? result : null;
        }
        switch (value)
        {
            case JsonObject obj:
                return Filter(obj);
            case JsonArray array:
                var items = new JsonArray();
                foreach (var element in array.OfType<JsonObject>())
                {
                    if (Filter(element) is { } filtered)
                        items.Add(filtered);
                }
                return items.Count > 0 ? items : null;
            default:
                return value.DeepClone();
        }
    }

    private static Dictionary<ScimAttribute, HashSet<ScimAttribute>?> Select(ScimResourceSchema schema, IEnumerable<string> names)
    {
        var selection = new Dictionary<ScimAttribute, HashSet<ScimAttribute>?>();
        foreach (var raw in names)
        {
            var name = raw.Trim();
            if (schema.ResolveWholeExtension(name) is { } extension)
            {
                foreach (var attribute in extension.Attributes)
                    selection[attribute] = null;
                continue;
            }
            var path = schema.Resolve(name);
            if (path is null)
                continue;
            if (path.SubAttribute is null)
            {
                selection[path.Attribute] = null;
                continue;
            }
            if (selection.TryGetValue(path.Attribute, out var subs))
            {
                subs?.Add(path.SubAttribute);
                continue;
            }
            selection[path.Attribute] = [path.SubAttribute];
        }
        return selection;
    }

    private static IEnumerable<string>? Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Which of the two §8.3 parameters is in force.</summary>
public enum ProjectionMode
{
    Default,
    Include,
    Exclude,
}
