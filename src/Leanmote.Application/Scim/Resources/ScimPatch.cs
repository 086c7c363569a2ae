using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Patching;
using Leanmote.Application.Scim.Projection;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Resources;

/// <summary>PATCH (scim.md §9) through the SCIM engine: parse the PatchOp body once, apply it under the row lock.</summary>
public static class ScimPatch
{
    public static ScimResult<IReadOnlyList<PatchOperation>> ReadOperations(JsonObject body)
    {
        var parsed = ScimPatchRequest.Parse(body);
        if (parsed.Error is { } error) return ScimErrors.From(error);
        return ScimResult<IReadOnlyList<PatchOperation>>.From(parsed.Value);
    }

    public static ScimResult<JsonObject> Apply(ScimResourceSchema schema, JsonObject resource, IReadOnlyList<PatchOperation> operations)
    {
        var outcome = ScimPatcher.Apply(resource, operations, schema);
        if (outcome.Error is { } error) return ScimErrors.From(error);
        return outcome.Value.Resource;
    }
}

/// <summary><c>attributes</c> / <c>excludedAttributes</c> (scim.md §8.3) through the SCIM engine.</summary>
public sealed class ScimProjector
{
    public JsonObject Project(ScimResourceSchema schema, JsonObject resource, ScimProjectionRequest projection) =>
        projection.Attributes is null && projection.ExcludedAttributes is null
            ? resource
            : ScimProjection.FromLists(schema, projection.Attributes, projection.ExcludedAttributes).Apply(resource);
}
