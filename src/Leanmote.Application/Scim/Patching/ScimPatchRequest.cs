using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Patching;

/// <summary>The three PATCH operations (RFC 7644 §3.5.2).</summary>
public enum PatchOpKind
{
    Add,
    Replace,
    Remove,
}

/// <summary>
/// One operation of a PatchOp body. <see cref="HasValue"/> distinguishes an absent <c>value</c> from an explicit
/// <c>null</c> (which clears the target). <see cref="Index"/> is 0-based.
/// </summary>
public sealed record PatchOperation(int Index, PatchOpKind Op, string? Path, JsonNode? Value, bool HasValue)
{
    /// <summary>"Operation 2 (replace emails[type eq "work"].value)" — the prefix of every error detail about it.</summary>
    public string Describe() =>
        $"Operation {Index + 1} ({Op.ToString().ToLowerInvariant()}{(Path is null ? "" : " " + (Path.Length <= 100 ? Path : Path[..100] + "…"))})";
}

/// <summary>Parses a PatchOp request body (spec §9.1) into operations; structural problems are <c>invalidSyntax</c>.</summary>
public static class ScimPatchRequest
{
    public const int MaxOperations = 1000;

    public static ScimResult<IReadOnlyList<PatchOperation>> Parse(JsonNode? body)
    {
        if (body is not JsonObject root)
            return ScimError.InvalidSyntax("A PATCH body must be a JSON object with 'Operations'");
        JsonNode? operationsNode = null;
        var found = false;
        foreach (var (key, item) in root)
        {
            if (key.Equals("schemas", StringComparison.OrdinalIgnoreCase))
            {
                if (item is not JsonArray schemas || !schemas.Any(s => s is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        && v.GetValue<string>().Equals(ScimSchemas.PatchOpUrn, StringComparison.OrdinalIgnoreCase)))
                    return ScimError.InvalidSyntax($"'schemas' must contain \"{ScimSchemas.PatchOpUrn}\"");
            }
            else if (key.Equals("Operations", StringComparison.OrdinalIgnoreCase))
            {
                if (found)
                    return ScimError.InvalidSyntax("'Operations' is given twice");
                operationsNode = item;
                found = true;
            }
        }
        if (!found)
            return ScimError.InvalidSyntax("A PATCH body needs an 'Operations' array");
        if (operationsNode is not JsonArray operations)
            return ScimError.InvalidSyntax("'Operations' must be an array of operations");
        if (operations.Count == 0)
            return ScimError.InvalidSyntax("'Operations' is empty; send at least one operation");
        if (operations.Count > MaxOperations)
            return ScimError.InvalidValue($"'Operations' has {operations.Count} operations; the limit is {MaxOperations}");
        var result = new List<PatchOperation>(operations.Count);
        for (var i = 0; i < operations.Count; i++)
        {
            var parsed = ParseOperation(i, operations[i]);
            if (!parsed.IsSuccess)
                return parsed.Error;
            result.Add(parsed.Value);
        }
        return result;
    }

    private static ScimResult<PatchOperation> ParseOperation(int index, JsonNode? node)
    {
        var label = $"Operation {index + 1}";
        if (node is not JsonObject operation)
            return ScimError.InvalidSyntax($"{label} must be a JSON object with 'op'");
        string? op = null;
        string? path = null;
        JsonNode? value = null;
        var hasOp = false;
        var hasPath = false;
        var hasValue = false;
        foreach (var (key, item) in operation)
        {
            if (key.Equals("op", StringComparison.OrdinalIgnoreCase))
            {
                if (hasOp)
                    return ScimError.InvalidSyntax($"{label}: 'op' is given twice");
                hasOp = true;
                if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                    return ScimError.InvalidSyntax($"{label}: 'op' must be the string \"add\", \"replace\" or \"remove\"");
                op = v.GetValue<string>();
            }
            else if (key.Equals("path", StringComparison.OrdinalIgnoreCase))
            {
                if (hasPath)
                    return ScimError.InvalidSyntax($"{label}: 'path' is given twice");
                hasPath = true;
                if (item is null)
                    continue;
                if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                    return ScimError.InvalidPath($"{label}: 'path' must be a string");
                path = v.GetValue<string>();
                if (string.IsNullOrWhiteSpace(path))
                    path = null;
            }
            else if (key.Equals("value", StringComparison.OrdinalIgnoreCase))
            {
                if (hasValue)
                    return ScimError.InvalidSyntax($"{label}: 'value' is given twice");
                hasValue = true;
                value = item;
            }
        }
        if (!hasOp)
            return ScimError.InvalidSyntax($"{label} has no 'op'");
        PatchOpKind kind;
        if (op!.Equals("add", StringComparison.OrdinalIgnoreCase))
            kind = PatchOpKind.Add;
        else if (op.Equals("replace", StringComparison.OrdinalIgnoreCase))
            kind = PatchOpKind.Replace;
        else if (op.Equals("remove", StringComparison.OrdinalIgnoreCase))
            kind = PatchOpKind.Remove;
        else
            return ScimError.InvalidSyntax($"{label}: 'op' is {ScimError.Echo(op)}; expected add, replace or remove");
        if (kind != PatchOpKind.Remove && !hasValue)
            return ScimError.InvalidSyntax($"{label} ({kind.ToString().ToLowerInvariant()}) has no 'value'");
        return new PatchOperation(index, kind, path?.Trim(), value, hasValue);
    }
}
