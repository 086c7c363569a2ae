using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Patching;

/// <summary>
/// Turns a POST or PUT body into the canonical resource form the PATCH engine works on (spec §2.2, §5, §9.8):
/// canonical names, enterprise values under the extension URN, unknown and read-only attributes dropped,
/// <c>password</c> discarded, string booleans converted, unassigned values omitted, the first primary wins,
/// duplicates collapsed, limits and required attributes checked. The result has no <c>id</c> or <c>meta</c> for a
/// create; for a replace they (and <c>groups</c>) are carried over from the current resource.
/// </summary>
public static class ScimResourceNormalizer
{
    /// <summary>POST: the new resource. Users default to <c>active: true</c> and the collaborator role (§5.3).</summary>
    public static ScimResult<JsonObject> ForCreate(JsonObject body, ScimResourceSchema schema)
    {
        var normalized = Normalize(body, schema, "Request body");
        if (!normalized.IsSuccess)
            return normalized.Error;
        var resource = normalized.Value;
        if (IsUser(schema))
        {
            resource["active"] ??= true;
            resource["roles"] = ScimRoles.Normalize(resource["roles"] as JsonArray);
        }
        return Finish(resource, schema);
    }

    /// <summary>
    /// PUT: replaces every readWrite attribute with the body's value (omitted → cleared), except that an omitted
    /// <c>active</c> / <c>roles</c> (users; also when sent as null or []) or an omitted <c>members</c> (groups)
    /// keeps the current value ([Decision] §9.8); <c>"members": []</c> empties the group.
    /// <c>id</c>, <c>meta</c> and <c>groups</c> come from <paramref name="current"/>. The outcome tells whether
    /// anything changed (a no-op PUT must not bump the version).
    /// </summary>
    public static ScimResult<ScimPatchOutcome> ForReplace(JsonObject body, JsonObject current, ScimResourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(current);
        var normalized = Normalize(body, schema, "Request body");
        if (!normalized.IsSuccess)
            return normalized.Error;
        var resource = normalized.Value;
        // active/roles: kept unless the body gives a value (null or [] would demote or break the user);
        // members: kept only when the member is absent from the body — "members": [] empties the group.
        var kept = IsUser(schema)
            ? new[] { "active", "roles" }.Where(n => !resource.ContainsKey(n))
            : new[] { "members" }.Where(n => !body.Any(p => p.Key.Equals(n, StringComparison.OrdinalIgnoreCase)));
        foreach (var name in kept)
        {
            if (current[name] is { } value)
                resource[name] = value.DeepClone();
        }
        if (IsUser(schema))
            resource["roles"] = ScimRoles.Normalize(resource["roles"] as JsonArray);
        foreach (var attribute in schema.Core.Attributes.Where(a => a.IsReadOnly))
        {
            if (current[attribute.Name] is { } value)
                resource[attribute.Name] = value.DeepClone();
        }
        var finished = Finish(resource, schema);
        if (!finished.IsSuccess)
            return finished.Error;
        var changed = ScimResourceDiff.ChangedAttributes(current, finished.Value, schema);
        return new ScimPatchOutcome(finished.Value, changed.Count > 0, changed);
    }

    private static bool IsUser(ScimResourceSchema schema) => schema.Core.Id == ScimSchemas.UserUrn;

    private static ScimResult<JsonObject> Normalize(JsonObject body, ScimResourceSchema schema, string where)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(schema);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var resource = new JsonObject();
        foreach (var (key, value) in body)
        {
            if (!seen.Add(key))
                return ScimError.InvalidSyntax($"{where}: member {ScimError.Echo(key)} is given twice (names are case-insensitive)");
            if (key.Equals("schemas", StringComparison.OrdinalIgnoreCase))
            {
                if (value is not JsonArray schemas || !schemas.Any(s => s is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        && v.GetValue<string>().Equals(schema.Core.Id, StringComparison.OrdinalIgnoreCase)))
                    return ScimError.InvalidSyntax($"{where}: 'schemas' must contain \"{schema.Core.Id}\"");
                continue;
            }
            if (schema.FindExtension(key) is { } extension)
            {
                if (ScimValues.IsNull(value))
                    continue;
                if (value is not JsonObject data)
                    return ScimError.InvalidValue($"{where}: '{extension.Id}' must be an object of its attributes");
                var target = new JsonObject();
                var extensionSeen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (innerKey, innerValue) in data)
                {
                    if (!extensionSeen.Add(innerKey))
                        return ScimError.InvalidSyntax($"{where}: member {ScimError.Echo(innerKey)} is given twice (names are case-insensitive)");
                    var error = Put(target, extension.Find(innerKey), innerValue, where);
                    if (error is not null)
                        return error;
                }
                if (target.Count > 0)
                    resource[extension.Id] = target;
                continue;
            }
            var putError = Put(resource, schema.Core.Find(key), value, where);
            if (putError is not null)
                return putError;
        }
        return resource;
    }

    private static ScimError? Put(JsonObject target, ScimAttribute? attribute, JsonNode? value, string where)
    {
        if (attribute is null || attribute.IsReadOnly || attribute.Mutability == ScimMutability.WriteOnly)
            return null;
        var coerced = ScimValues.Coerce(attribute, value, where);
        if (!coerced.IsSuccess)
            return coerced.Error;
        var node = coerced.Value;
        if (node is JsonArray array)
        {
            var elements = array.OfType<JsonObject>().ToList();
            array.Clear();
            node = ScimElements.ToArray(ScimElements.Collapse(attribute, elements, elements, firstPrimaryWins: true));
        }
        if (node is not null)
            target[attribute.Name] = node;
        return null;
    }

    private static ScimResult<JsonObject> Finish(JsonObject resource, ScimResourceSchema schema)
    {
        foreach (var attribute in schema.AllAttributes)
        {
            var container = attribute.SchemaUrn == schema.Core.Id ? resource : resource[attribute.SchemaUrn] as JsonObject;
            var value = container?[attribute.Name];
            if (attribute.Required && (value is not JsonValue text || text.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(text.GetValue<string>())))
                return ScimError.InvalidValue($"'{attribute.Name}' is required and cannot be blank");
            if (attribute.MaxItems > 0 && value is JsonArray array && array.Count > attribute.MaxItems)
                return ScimError.InvalidValue($"'{attribute.Name}' has {array.Count} elements; the limit is {attribute.MaxItems}");
        }
        var schemas = new JsonArray(JsonValue.Create(schema.Core.Id));
        foreach (var extension in schema.Extensions.Where(e => resource.ContainsKey(e.Id)))
            schemas.Add(extension.Id);
        var ordered = new JsonObject { ["schemas"] = schemas };
        foreach (var (key, value) in resource.ToList())
        {
            resource.Remove(key);
            ordered[key] = value;
        }
        return ordered;
    }
}
