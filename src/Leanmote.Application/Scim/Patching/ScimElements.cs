using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Patching;

/// <summary>
/// Rules for the elements of multi-valued attributes (spec §5.2, §9.4): element identity, merging on add,
/// collapsing exact duplicates, and "at most one primary".
/// </summary>
public static class ScimElements
{
    /// <summary>
    /// The identity of an element: its <c>value</c> (folded when caseExact=false) plus its <c>type</c> where the
    /// attribute has types (members have none that matter); elements without a value are identified by their content.
    /// </summary>
    public static string Identity(ScimAttribute attribute, JsonObject element)
    {
        if (element["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var valueSub = attribute.ValueSubAttribute;
            var value = v.GetValue<string>();
            if (valueSub is { CaseExact: false })
                value = ScimText.Fold(value);
            var type = "";
            if (attribute.Name != "members" && attribute.FindSubAttribute("type") is not null && element["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String)
                type = ScimText.Fold(t.GetValue<string>());
            return $"v\u0000{value}\u0000{type}";
        }
        return "c\u0000" + ScimResourceDiff.Canonical(element)?.ToJsonString();
    }

    /// <summary>
    /// Applies one at-most-one-primary rule and collapses duplicates. With <paramref name="firstPrimaryWins"/> (POST,
    /// PUT, whole replace) the first primary element keeps it; otherwise the first element of
    /// <paramref name="written"/> marked primary keeps it and every other element loses it.
    /// </summary>
    public static List<JsonObject> Collapse(ScimAttribute attribute, List<JsonObject> elements, IReadOnlyCollection<JsonObject> written, bool firstPrimaryWins)
    {
        JsonObject? winner = firstPrimaryWins
            ? elements.FirstOrDefault(IsPrimary)
            : written.FirstOrDefault(IsPrimary) ?? elements.FirstOrDefault(IsPrimary);
        foreach (var element in elements)
        {
            if (!ReferenceEquals(element, winner))
                element.Remove("primary");
        }
        var byIdentity = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var result = new List<JsonObject>(elements.Count);
        foreach (var element in elements)
        {
            var identity = Identity(attribute, element);
            if (byIdentity.TryGetValue(identity, out var kept))
            {
                foreach (var (key, item) in element.ToList())
                {
                    if (!kept.ContainsKey(key))
                    {
                        element.Remove(key);
                        kept[key] = item;
                    }
                }
                continue;
            }
            byIdentity.Add(identity, element);
            result.Add(element);
        }
        return result;
    }

    /// <summary>
    /// PATCH add to a multi-valued attribute: an incoming element equal (by <see cref="Identity"/>) to an existing one
    /// is merged into it; others are appended. <paramref name="written"/> receives the affected elements.
    /// </summary>
    public static List<JsonObject> AddOrMerge(ScimAttribute attribute, List<JsonObject> existing, IEnumerable<JsonObject> incoming, out List<JsonObject> written)
    {
        written = [];
        var index = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var element in existing)
            index.TryAdd(Identity(attribute, element), element);
        foreach (var element in incoming)
        {
            var identity = Identity(attribute, element);
            if (index.TryGetValue(identity, out var match))
            {
                foreach (var (key, item) in element.ToList())
                {
                    element.Remove(key);
                    match[key] = item;
                }
                written.Add(match);
                continue;
            }
            existing.Add(element);
            index.Add(identity, element);
            written.Add(element);
        }
        return existing;
    }

    /// <summary>
    /// [Quirk §9.6] Whether <paramref name="existing"/> is designated by an element listed in a remove's value:
    /// matched by <c>value</c> when the listed element has one, else by all its sub-attributes.
    /// </summary>
    public static bool SameListedElement(ScimAttribute attribute, JsonObject existing, JsonObject listed)
    {
        if (listed["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var caseExact = attribute.ValueSubAttribute?.CaseExact ?? true;
            return existing["value"] is JsonValue e && e.GetValueKind() == JsonValueKind.String
                && ScimText.AreEqual(e.GetValue<string>(), v.GetValue<string>(), caseExact);
        }
        foreach (var (key, item) in listed)
        {
            if (!ScimResourceDiff.SameValue(existing[key], item))
                return false;
        }
        return listed.Count > 0;
    }

    /// <summary>
    /// [Quirk §9.5] For a value filter that is a conjunction of equalities on sub-attributes
    /// (<c>type eq "work" and primary eq true</c>), the element those equalities describe; otherwise null.
    /// </summary>
    public static JsonObject? EqualityTemplate(FilterNode filter)
    {
        var template = new JsonObject();
        return Collect(filter, template) ? template : null;

        static bool Collect(FilterNode node, JsonObject into)
        {
            switch (node)
            {
                case AndFilter and:
                    return Collect(and.Left, into) && Collect(and.Right, into);
                case ComparisonFilter { Operator: ComparisonOperator.Eq, Path.SubAttribute: { } sub } comparison:
                    JsonNode value = comparison.Value switch
                    {
                        StringFilterValue s => JsonValue.Create(s.Value),
                        BooleanFilterValue b => JsonValue.Create(b.Value),
                        _ => JsonValue.Create(""),
                    };
                    if (comparison.Value is not (StringFilterValue or BooleanFilterValue))
                        return false;
                    if (into[sub.Name] is { } existing)
                        return ScimResourceDiff.SameValue(existing, value);
                    into[sub.Name] = value;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Builds an array from parentless elements; an empty list is unassigned (null).</summary>
    public static JsonArray? ToArray(List<JsonObject> elements)
    {
        if (elements.Count == 0)
            return null;
        var array = new JsonArray();
        foreach (var element in elements)
            array.Add(element.Parent is null ? element : element.DeepClone());
        return array;
    }

    /// <summary>True when <see cref="Identity"/> ignores <c>type</c>, so a value alone finds an element (members).</summary>
    public static bool IdentityIsValueOnly(ScimAttribute attribute) =>
        attribute.ValueSubAttribute is not null && (attribute.Name == "members" || attribute.FindSubAttribute("type") is null);

    /// <summary>The <see cref="Identity"/> of an element whose value is <paramref name="value"/> (see <see cref="IdentityIsValueOnly"/>).</summary>
    public static string ValueIdentity(ScimAttribute attribute, string value) =>
        $"v\u0000{(attribute.ValueSubAttribute is { CaseExact: false } ? ScimText.Fold(value) : value)}\u0000";

    /// <summary>True when the element is marked <c>"primary": true</c>.</summary>
    public static bool IsPrimary(JsonObject element) =>
        element["primary"] is JsonValue p && p.GetValueKind() == JsonValueKind.True;
}
