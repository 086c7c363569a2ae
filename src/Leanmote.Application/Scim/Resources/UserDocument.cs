using System.Text.Json.Nodes;

namespace Leanmote.Application.Scim.Resources;

/// <summary>A user's writable SCIM state read from a body: canonical attributes plus membership status and role.</summary>
/// <param name="Attributes">Canonical camelCase attributes (scim.md §5.2), enterprise extension under its URN; no nulls.</param>
/// <param name="Active">The <c>active</c> value, or null when the body did not name it.</param>
/// <param name="Role">The resulting organization role, or null when the body did not name <c>roles</c>.</param>
public sealed record UserDraft(JsonObject Attributes, bool? Active, string? Role);

/// <summary>
/// Reads a User body (POST, PUT, or the document a PATCH produced) into canonical form, enforcing the types,
/// lengths and multi-valued rules of scim.md §5.2–5.3. Member names are case-insensitive; unknown and read-only
/// members are ignored; null, "" and [] mean unassigned.
/// </summary>
public static class UserDocument
{
    public static readonly string[] Roles = ["admin", "manager", "collaborator"];

    private static readonly string[] SimpleStrings = ["nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale"];
    private static readonly string[] NameParts = ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"];
    private static readonly string[] EnterpriseStrings = ["employeeNumber", "costCenter", "organization", "division", "department"];

    private sealed record MultiSpec(string Name, int Max, string[] Strings, bool HasValue, bool FoldValue);

    private static readonly MultiSpec[] Multi =
    [
        new("emails", 20, ["value", "display", "type"], HasValue: true, FoldValue: true),
        new("phoneNumbers", 20, ["value", "display", "type"], HasValue: true, FoldValue: true),
        new("addresses", 10, ["formatted", "streetAddress", "locality", "region", "postalCode", "country", "type"], HasValue: false, FoldValue: false),
        new("photos", 10, ["value", "type"], HasValue: true, FoldValue: false),
    ];

    public static ScimResult<UserDraft> Read(JsonObject body, bool checkSchemas)
    {
        if (checkSchemas && SchemasProblem(body, ScimUris.User) is { } problem) return problem;
        var attributes = new JsonObject();

        if (!TryText(ScimJson.Member(body, "userName"), "userName", 256, out var userName, out var error)) return error!;
        if (userName is null || userName.Trim().Length == 0) return ScimError.InvalidValue("userName is required and must not be blank");
        attributes["userName"] = userName;

        if (!TryText(ScimJson.Member(body, "externalId"), "externalId", 256, out var externalId, out error)) return error!;
        if (externalId is not null) attributes["externalId"] = externalId;

        if (ScimJson.Member(body, "name") is { } nameNode && !ScimJson.IsUnassigned(nameNode))
        {
            if (nameNode is not JsonObject nameObject) return ScimError.InvalidValue($"name must be an object, not {ScimJson.Kind(nameNode)}");
            var name = new JsonObject();
            foreach (var part in NameParts)
            {
                if (!TryText(ScimJson.Member(nameObject, part), "name." + part, 1024, out var value, out error)) return error!;
                if (value is not null) name[part] = value;
            }
            if (name.Count > 0) attributes["name"] = name;
        }

        if (!TryText(ScimJson.Member(body, "displayName"), "displayName", 256, out var displayName, out error)) return error!;
        if (displayName is not null) attributes["displayName"] = displayName;

        foreach (var simple in SimpleStrings)
        {
            if (!TryText(ScimJson.Member(body, simple), simple, 1024, out var value, out error)) return error!;
            if (value is not null) attributes[simple] = value;
        }
        if (!TryText(ScimJson.Member(body, "timezone"), "timezone", 64, out var timezone, out error)) return error!;
        if (timezone is not null) attributes["timezone"] = timezone;

        foreach (var spec in Multi)
        {
            var read = ReadMulti(ScimJson.Member(body, spec.Name), spec);
            if (read.Error is { } multiError) return multiError;
            if (read.Value is { Count: > 0 } array) attributes[spec.Name] = array;
        }

        var enterpriseNode = ScimJson.Member(body, ScimUris.EnterpriseUser);
        if (!ScimJson.IsUnassigned(enterpriseNode))
        {
            if (enterpriseNode is not JsonObject enterpriseObject) return ScimError.InvalidValue($"{ScimUris.EnterpriseUser} must be an object");
            var enterprise = new JsonObject();
            foreach (var field in EnterpriseStrings)
            {
                if (!TryText(ScimJson.Member(enterpriseObject, field), field, 1024, out var value, out error)) return error!;
                if (value is not null) enterprise[field] = value;
            }
            var manager = ReadManager(ScimJson.Member(enterpriseObject, "manager"));
            if (manager.Error is { } managerError) return managerError;
            if (manager.Value is { } managerValue) enterprise["manager"] = new JsonObject { ["value"] = managerValue };
            if (enterprise.Count > 0) attributes[ScimUris.EnterpriseUser] = enterprise;
        }

        bool? active = null;
        var activeNode = ScimJson.Member(body, "active", out var activeFound);
        if (activeFound && activeNode is not null)
        {
            if (!ScimJson.TryBoolean(activeNode, out var flag)) return ScimError.InvalidValue($"active must be true or false, not {ScimError.Echo(activeNode.ToJsonString())}");
            active = flag;
        }

        var rolesNode = ScimJson.Member(body, "roles", out var rolesFound);
        string? role = null;
        if (rolesFound)
        {
            var roleRead = ReadRole(rolesNode);
            if (roleRead.Error is { } roleError) return roleError;
            role = roleRead.Value;
        }

        return new UserDraft(attributes, active, role);
    }

    /// <summary>The manager reference: a string id, an object with <c>value</c>, or an array of those (Entra); null clears.</summary>
    public static ScimResult<string?> ReadManager(JsonNode? node)
    {
        if (node is JsonArray array) node = array.Count == 0 ? null : array[0];
        if (ScimJson.IsUnassigned(node)) return (string?)null;
        if (node is JsonObject obj) node = ScimJson.Member(obj, "value");
        if (ScimJson.IsUnassigned(node)) return (string?)null;
        if (!ScimJson.TryString(node, out var value)) return ScimError.InvalidValue($"manager.value must be a string, not {ScimJson.Kind(node)}");
        if (value.Length > 256) return ScimError.InvalidValue("manager.value must be at most 256 characters");
        return value;
    }

    /// <summary>The single organization role named by <c>roles</c> (scim.md §5.3); unassigned → collaborator.</summary>
    public static ScimResult<string?> ReadRole(JsonNode? node)
    {
        if (node is JsonObject or JsonValue && !ScimJson.IsUnassigned(node)) node = new JsonArray(node.DeepClone());
        if (ScimJson.IsUnassigned(node)) return "collaborator";
        if (node is not JsonArray array) return ScimError.InvalidValue($"roles must be an array, not {ScimJson.Kind(node)}");
        string? primary = null;
        var best = -1;
        foreach (var element in array)
        {
            JsonNode? valueNode = element;
            var isPrimary = false;
            if (element is JsonObject obj)
            {
                valueNode = ScimJson.Member(obj, "value");
                var primaryNode = ScimJson.Member(obj, "primary");
                if (primaryNode is not null && !ScimJson.TryBoolean(primaryNode, out isPrimary))
                    return ScimError.InvalidValue("roles.primary must be true or false");
            }
            if (ScimJson.IsUnassigned(valueNode)) continue;
            if (!ScimJson.TryString(valueNode, out var raw)) return ScimError.InvalidValue($"roles.value must be a string, not {ScimJson.Kind(valueNode)}");
            var index = Array.FindIndex(Roles, r => r.Equals(raw.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0) return ScimError.InvalidValue($"roles.value '{ScimError.Echo(raw)}' is not a role; allowed: admin, manager, collaborator");
            if (isPrimary && primary is null) primary = Roles[index];
            var rank = Roles.Length - index;
            if (rank > best) best = rank;
        }
        return primary ?? (best < 0 ? "collaborator" : Roles[Roles.Length - best]);
    }

    private static ScimResult<JsonArray?> ReadMulti(JsonNode? node, MultiSpec spec)
    {
        if (node is JsonObject single && single.Count > 0) node = new JsonArray(single.DeepClone());
        if (ScimJson.IsUnassigned(node)) return (JsonArray?)null;
        if (node is not JsonArray array) return ScimError.InvalidValue($"{spec.Name} must be an array, not {ScimJson.Kind(node)}");
        var result = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var primaryTaken = false;
        var index = 0;
        foreach (var element in array)
        {
            var where = $"{spec.Name}[{index++}]";
            if (ScimJson.IsUnassigned(element)) continue;
            if (element is not JsonObject obj) return ScimError.InvalidValue($"{where} must be an object, not {ScimJson.Kind(element)}");
            var clean = new JsonObject();
            foreach (var field in spec.Strings)
            {
                if (!TryText(ScimJson.Member(obj, field), $"{spec.Name}.{field}", 1024, out var value, out var error)) return error!;
                if (value is not null) clean[field] = value;
            }
            if (spec.HasValue && !clean.ContainsKey("value")) return ScimError.InvalidValue($"{where}.value is required");
            if (!spec.HasValue && clean.Count == 0) continue;
            var primaryNode = ScimJson.Member(obj, "primary");
            var isPrimary = false;
            if (primaryNode is not null && !ScimJson.TryBoolean(primaryNode, out isPrimary))
                return ScimError.InvalidValue($"{where}.primary must be true or false, not {ScimError.Echo(primaryNode.ToJsonString())}");
            var key = spec.HasValue
                ? Key(clean, "type", fold: true) + "\u001f" + Key(clean, "value", spec.FoldValue)
                : clean.ToJsonString();
            if (!seen.Add(key))
            {
                if (isPrimary && !primaryTaken)
                {
                    foreach (var kept in result)
                    {
                        if (kept is JsonObject keptObject && (spec.HasValue
                                ? Key(keptObject, "type", fold: true) + "\u001f" + Key(keptObject, "value", spec.FoldValue)
                                : Without(keptObject, "primary")) == key)
                        {
                            keptObject["primary"] = true;
                        }
                    }
                    primaryTaken = true;
                }
                continue;
            }
            if (isPrimary && !primaryTaken)
            {
                clean["primary"] = true;
                primaryTaken = true;
            }
            result.Add(clean);
        }
        if (result.Count > spec.Max) return ScimError.InvalidValue($"{spec.Name} has {result.Count} elements; at most {spec.Max} are allowed");
        return result;
    }

    private static string Without(JsonObject obj, string member)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove(member);
        return copy.ToJsonString();
    }

    private static string Key(JsonObject obj, string member, bool fold)
    {
        var value = obj[member]?.GetValue<string>() ?? "";
        return fold ? ScimFold.Fold(value) : value;
    }

    /// <summary>Reads an optional string attribute; null, "" → null. Wrong type or too long → invalidValue.</summary>
    public static bool TryText(JsonNode? node, string name, int maxLength, out string? value, out ScimError? error)
    {
        value = null;
        error = null;
        if (ScimJson.IsUnassigned(node)) return true;
        if (!ScimJson.TryString(node, out var text))
        {
            error = ScimError.InvalidValue($"{name} must be a string, not {ScimJson.Kind(node)}");
            return false;
        }
        if (text.Length > maxLength)
        {
            error = ScimError.InvalidValue($"{name} must be at most {maxLength} characters");
            return false;
        }
        value = text;
        return true;
    }

    /// <summary>When <c>schemas</c> is present it must list <paramref name="coreUrn"/> (any case); unknown URIs are ignored (§2.2).</summary>
    public static ScimError? SchemasProblem(JsonObject body, string coreUrn)
    {
        var node = ScimJson.Member(body, "schemas", out var found);
        if (!found || node is null) return null;
        if (node is not JsonArray array) return ScimError.InvalidSyntax("schemas must be an array of schema URIs");
        foreach (var element in array)
        {
            if (ScimJson.TryString(element, out var urn) && urn.Equals(coreUrn, StringComparison.OrdinalIgnoreCase)) return null;
        }
        return ScimError.InvalidSyntax($"schemas must contain {coreUrn}");
    }

    /// <summary>The platform's <c>users.name</c> (scim.md §5.2): displayName, name.formatted, given + family, userName.</summary>
    public static string PlatformName(JsonObject attributes)
    {
        if (attributes["displayName"]?.GetValue<string>() is { Length: > 0 } displayName) return displayName;
        var name = attributes["name"] as JsonObject;
        if (name?["formatted"]?.GetValue<string>() is { Length: > 0 } formatted) return formatted;
        var joined = string.Join(' ', new[] { name?["givenName"]?.GetValue<string>(), name?["familyName"]?.GetValue<string>() }
            .Where(p => !string.IsNullOrWhiteSpace(p)));
        return joined.Length > 0 ? joined : attributes["userName"]!.GetValue<string>();
    }

    /// <summary>The platform's <c>users.email</c>: primary email, first work email, first email, userName when it looks like an address.</summary>
    public static string PlatformEmail(JsonObject attributes)
    {
        var userName = attributes["userName"]!.GetValue<string>();
        if (attributes["emails"] is not JsonArray emails || emails.Count == 0) return userName.Contains('@', StringComparison.Ordinal) ? userName : "";
        JsonObject? chosen = emails.OfType<JsonObject>().FirstOrDefault(e => e["primary"]?.GetValue<bool>() == true)
            ?? emails.OfType<JsonObject>().FirstOrDefault(e => string.Equals(e["type"]?.GetValue<string>(), "work", StringComparison.OrdinalIgnoreCase))
            ?? emails.OfType<JsonObject>().First();
        return chosen["value"]!.GetValue<string>();
    }

    /// <summary>The platform's <c>users.avatar_url</c>: primary photo, else the first of type photo.</summary>
    public static string? PlatformAvatar(JsonObject attributes)
    {
        if (attributes["photos"] is not JsonArray photos) return null;
        var chosen = photos.OfType<JsonObject>().FirstOrDefault(p => p["primary"]?.GetValue<bool>() == true)
            ?? photos.OfType<JsonObject>().FirstOrDefault(p => string.Equals(p["type"]?.GetValue<string>(), "photo", StringComparison.OrdinalIgnoreCase));
        return chosen?["value"]?.GetValue<string>();
    }

    /// <summary><c>users.timezone</c> takes the SCIM timezone only when it is an IANA zone (IdPs send Windows names too).</summary>
    public static string? PlatformTimezone(JsonObject attributes)
    {
        var zone = attributes["timezone"]?.GetValue<string>();
        if (zone is null) return null;
        if (zone == "UTC") return zone;
        return TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) && found.HasIanaId && found.Id == zone ? zone : null;
    }
}

/// <summary>Case folding of caseExact=false values in memory: NFC, then invariant lower case (scim.md §7.3).</summary>
public static class ScimFold
{
    public static string Fold(string value) => value.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant();
}
