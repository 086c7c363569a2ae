using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leanmote.Application.Scim.Resources;

/// <summary>Reading SCIM JSON: member names are case-insensitive (scim.md §2.2), booleans may be strings.</summary>
public static class ScimJson
{
    /// <summary>The value of the member named <paramref name="name"/> in any letter case; <paramref name="found"/> tells absent from null.</summary>
    public static JsonNode? Member(JsonObject obj, string name, out bool found)
    {
        foreach (var (key, value) in obj)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                found = true;
                return value;
            }
        }
        found = false;
        return null;
    }

    public static JsonNode? Member(JsonObject obj, string name) => Member(obj, name, out _);

    /// <summary>JSON null, "", [] and {} are "unassigned" (RFC 7643 §2.5).</summary>
    public static bool IsUnassigned(JsonNode? node) => node switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        _ => false,
    };

    /// <summary>A JSON boolean, or the strings "true"/"false" in any letter case (Entra).</summary>
    public static bool TryBoolean(JsonNode? node, out bool value)
    {
        value = false;
        if (node is not JsonValue v) return false;
        switch (v.GetValueKind())
        {
            case JsonValueKind.True: value = true; return true;
            case JsonValueKind.False: value = false; return true;
            case JsonValueKind.String:
                var s = v.GetValue<string>();
                if (s.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
                if (s.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = false; return true; }
                return false;
            default: return false;
        }
    }

    public static bool TryString(JsonNode? node, out string value)
    {
        value = "";
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }
        return false;
    }

    public static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };
}
