using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Resources;

/// <summary>
/// The discovery documents (scim.md §6.7): ServiceProviderConfig, ResourceTypes and Schemas, built once from the
/// engine's schema definitions, so what is advertised is exactly what the surface supports.
/// </summary>
public static class ScimDiscovery
{
    public static JsonObject ServiceProviderConfig(string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ScimUris.ServiceProviderConfig),
        ["documentationUri"] = "https://docs.leanmote.com/api/scim-handler",
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = ScimListRequest.MaxCount },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = true },
        ["etag"] = new JsonObject { ["supported"] = true },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "OAuth Bearer Token",
            ["description"] = "Per-organization SCIM token created by an organization admin",
            ["specUri"] = "https://www.rfc-editor.org/info/rfc6750",
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = $"{baseUrl}/ServiceProviderConfig" },
    };

    public static JsonObject? ResourceType(string baseUrl, string id)
    {
        var resource = ScimSchemas.FindResource(id);
        if (resource is null || !resource.Name.Equals(id, StringComparison.OrdinalIgnoreCase)) return null;
        var result = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUris.ResourceType),
            ["id"] = resource.Name,
            ["name"] = resource.Name,
            ["endpoint"] = resource.Endpoint,
            ["description"] = resource.Name == "User" ? "A member of the organization" : "A team of the organization",
            ["schema"] = resource.Core.Id,
        };
        if (resource.Extensions.Count > 0)
        {
            result["schemaExtensions"] = new JsonArray([.. resource.Extensions.Select(e => (JsonNode)new JsonObject
            {
                ["schema"] = e.Id,
                ["required"] = false,
            })]);
        }
        result["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseUrl}/ResourceTypes/{resource.Name}" };
        return result;
    }

    public static JsonObject ResourceTypes(string baseUrl) =>
        ScimRendering.List([ResourceType(baseUrl, "User")!, ResourceType(baseUrl, "Group")!], 2, 1);

    public static JsonObject? Schema(string baseUrl, string id)
    {
        var schema = ScimSchemas.All.FirstOrDefault(s => s.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
        if (schema is null) return null;
        return new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUris.Schema),
            ["id"] = schema.Id,
            ["name"] = schema.Name,
            ["description"] = schema.Description,
            ["attributes"] = new JsonArray([.. schema.Attributes.Select(a => (JsonNode)Attribute(a))]),
            ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = $"{baseUrl}/Schemas/{schema.Id}" },
        };
    }

    public static JsonObject Schemas(string baseUrl) =>
        ScimRendering.List([.. ScimSchemas.All.Select(s => Schema(baseUrl, s.Id)!)], ScimSchemas.All.Count, 1);

    private static JsonObject Attribute(ScimAttribute attribute)
    {
        var result = new JsonObject
        {
            ["name"] = attribute.Name,
            ["type"] = attribute.Type switch
            {
                ScimAttributeType.DateTime => "dateTime",
                var t => t.ToString().ToLowerInvariant(),
            },
            ["multiValued"] = attribute.MultiValued,
            ["description"] = attribute.Description,
            ["required"] = attribute.Required,
        };
        if (attribute.Type is ScimAttributeType.String or ScimAttributeType.Reference) result["caseExact"] = attribute.CaseExact;
        result["mutability"] = Camel(attribute.Mutability.ToString());
        result["returned"] = Camel(attribute.Returned.ToString());
        result["uniqueness"] = Camel(attribute.Uniqueness.ToString());
        if (attribute.CanonicalValues.Count > 0) result["canonicalValues"] = new JsonArray([.. attribute.CanonicalValues.Select(v => (JsonNode)v)]);
        if (attribute.ReferenceTypes.Count > 0) result["referenceTypes"] = new JsonArray([.. attribute.ReferenceTypes.Select(v => (JsonNode)v)]);
        if (attribute.SubAttributes.Count > 0) result["subAttributes"] = new JsonArray([.. attribute.SubAttributes.Select(s => (JsonNode)Attribute(s))]);
        return result;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
