using System.Text.Json.Nodes;

namespace Leanmote.Application.Scim.Resources;

/// <summary>A group's writable SCIM state read from a body.</summary>
/// <param name="Members">Member ids as sent (deduplicated, in order), or null when the body did not name <c>members</c>.</param>
public sealed record GroupDraft(string DisplayName, string? ExternalId, IReadOnlyList<string>? Members);

/// <summary>Reads a Group body (scim.md §5.5): displayName required, members as objects, bare ids or one id.</summary>
public static class GroupDocument
{
    public static ScimResult<GroupDraft> Read(JsonObject body, bool checkSchemas)
    {
        if (checkSchemas && UserDocument.SchemasProblem(body, ScimUris.Group) is { } problem) return problem;
        if (!UserDocument.TryText(ScimJson.Member(body, "displayName"), "displayName", 256, out var displayName, out var error)) return error!;
        if (displayName is null || displayName.Trim().Length == 0) return ScimError.InvalidValue("displayName is required and must not be blank");
        if (!UserDocument.TryText(ScimJson.Member(body, "externalId"), "externalId", 256, out var externalId, out error)) return error!;
        var membersNode = ScimJson.Member(body, "members", out var found);
        IReadOnlyList<string>? members = null;
        if (found)
        {
            var read = ReadMembers(membersNode);
            if (read.Error is { } membersError) return membersError;
            members = read.Value;
        }
        return new GroupDraft(displayName, externalId, members);
    }

    /// <summary>
    /// Member references in every accepted form (scim.md §9.7): <c>[{"value": id}]</c> (display, $ref ignored),
    /// <c>["id"]</c>, <c>"id"</c>, or one object. Nested groups (<c>type: Group</c>) are refused.
    /// </summary>
    public static ScimResult<IReadOnlyList<string>> ReadMembers(JsonNode? node)
    {
        if (node is JsonObject or JsonValue && !ScimJson.IsUnassigned(node)) node = new JsonArray(node.DeepClone());
        if (ScimJson.IsUnassigned(node)) return Array.Empty<string>();
        if (node is not JsonArray array) return ScimError.InvalidValue($"members must be an array, not {ScimJson.Kind(node)}");
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in array)
        {
            var valueNode = element;
            if (element is JsonObject obj)
            {
                valueNode = ScimJson.Member(obj, "value");
                if (ScimJson.Member(obj, "type") is { } typeNode && ScimJson.TryString(typeNode, out var type)
                    && type.Length > 0 && !type.Equals("User", StringComparison.OrdinalIgnoreCase))
                {
                    return ScimError.InvalidValue($"members.type '{ScimError.Echo(type)}' is not supported; only User members can be provisioned");
                }
            }
            if (!ScimJson.TryString(valueNode, out var id) || id.Length == 0)
                return ScimError.InvalidValue($"members.value must be a user id string, not {ScimJson.Kind(valueNode)}");
            if (seen.Add(id)) ids.Add(id);
        }
        return ids;
    }
}
