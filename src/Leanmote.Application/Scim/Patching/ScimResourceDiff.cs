using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Patching;

/// <summary>Semantic comparison of SCIM JSON: unassigned forms (null, "", [], {}, primary:false) are equal to absence.</summary>
public static class ScimResourceDiff
{
    /// <summary>A canonical copy: object members sorted, unassigned members and <c>"primary": false</c> dropped.</summary>
    public static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, item) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (key == "primary" && item is JsonValue p && p.GetValueKind() == JsonValueKind.False)
                        continue;
                    var canonical = Canonical(item);
                    if (canonical is not null)
                        result[key] = canonical;
                }
                return result.Count == 0 ? null : result;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    var canonical = Canonical(item);
                    if (canonical is not null)
                        items.Add(canonical);
                }
                return items.Count == 0 ? null : items;
            default:
                return ScimValues.IsNull(node) ? null : node.DeepClone();
        }
    }

    /// <summary>True when two values are the same once unassigned forms are ignored.</summary>
    public static bool SameValue(JsonNode? left, JsonNode? right) => JsonNode.DeepEquals(Canonical(left), Canonical(right));

    /// <summary>
    /// The canonical names of top-level attributes (core, and each extension's) whose values differ between two
    /// versions of a resource. <c>schemas</c> is not an attribute and is not compared.
    /// </summary>
    public static IReadOnlyList<string> ChangedAttributes(JsonObject before, JsonObject after, ScimResourceSchema schema)
    {
        var changed = new List<string>();
        Compare(before, after, schema.Core, changed, isCore: true, schema);
        foreach (var extension in schema.Extensions)
            Compare(before[extension.Id] as JsonObject, after[extension.Id] as JsonObject, extension, changed, isCore: false, schema);
        return changed;
    }

    private static void Compare(JsonObject? before, JsonObject? after, ScimSchemaDefinition definition, List<string> changed, bool isCore, ScimResourceSchema schema)
    {
        var keys = (before?.Select(p => p.Key) ?? []).Concat(after?.Select(p => p.Key) ?? []).Distinct(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (isCore && (key.Equals("schemas", StringComparison.Ordinal) || schema.FindExtension(key) is not null))
                continue;
            if (!SameValue(before?[key], after?[key]))
                changed.Add(definition.Find(key)?.Name ?? key);
        }
    }

    /// <summary>Drops empty extension objects and keeps <c>schemas</c> (when present) listing exactly the extensions in use.</summary>
    public static void TidyExtensions(JsonObject resource, ScimResourceSchema schema)
    {
        foreach (var extension in schema.Extensions)
        {
            var used = resource[extension.Id] is JsonObject data && Canonical(data) is not null;
            if (!used)
                resource.Remove(extension.Id);
            if (resource["schemas"] is not JsonArray schemas)
                continue;
            var listed = schemas.Where(s => s is JsonValue v && v.GetValueKind() == JsonValueKind.String
                && v.GetValue<string>().Equals(extension.Id, StringComparison.OrdinalIgnoreCase)).ToList();
            if (used && listed.Count == 0)
                schemas.Add(extension.Id);
            if (!used)
            {
                foreach (var item in listed)
                    schemas.Remove(item);
            }
        }
    }
}
