using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Resources;

/// <summary>PATCH (scim.md §9) through the SCIM engine.</summary>
public static class ScimPatch
{
    public static ScimResult<IReadOnlyList<JsonNode>> ReadOperations(JsonObject body) =>
        ScimError.NotImplemented("PATCH is not available yet");

    public static ScimResult<JsonObject> Apply(ScimResourceSchema schema, JsonObject resource, IReadOnlyList<JsonNode> operations) =>
        ScimError.NotImplemented("PATCH is not available yet");
}

/// <summary><c>attributes</c> / <c>excludedAttributes</c> (scim.md §8.3) through the SCIM engine.</summary>
public sealed class ScimProjector
{
    public JsonObject Project(ScimResourceSchema schema, JsonObject resource, ScimProjectionRequest projection) => resource;
}
