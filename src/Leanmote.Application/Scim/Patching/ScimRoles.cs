using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leanmote.Application.Scim.Patching;

/// <summary>
/// Spec §5.3: a user has exactly one organization role. Several values → the primary one, else the most privileged
/// (admin &gt; manager &gt; collaborator); none → collaborator. Output: one element, lower-case, primary.
/// </summary>
public static class ScimRoles
{
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Collaborator = "collaborator";

    /// <summary>The effective role of a (coerced) roles array.</summary>
    public static string Effective(JsonArray? roles)
    {
        var elements = roles?.OfType<JsonObject>()
            .Select(e => (Value: e["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().ToLowerInvariant() : null,
                Primary: e["primary"] is JsonValue p && p.GetValueKind() == JsonValueKind.True))
            .Where(e => e.Value is Admin or Manager or Collaborator)
            .ToList() ?? [];
        var primary = elements.FirstOrDefault(e => e.Primary).Value;
        if (primary is not null)
            return primary;
        if (elements.Any(e => e.Value == Admin))
            return Admin;
        return elements.Any(e => e.Value == Manager) ? Manager : Collaborator;
    }

    /// <summary>The single-element roles array for a role: <c>[{"value":"manager","display":"Manager","primary":true}]</c>.</summary>
    public static JsonArray Render(string role) =>
        [new JsonObject { ["value"] = role, ["display"] = char.ToUpperInvariant(role[0]) + role[1..], ["primary"] = true }];

    /// <summary>Normalises any roles array to the single effective role.</summary>
    public static JsonArray Normalize(JsonArray? roles) => Render(Effective(roles));
}
