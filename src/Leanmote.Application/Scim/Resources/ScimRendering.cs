using System.Globalization;
using System.Text.Json.Nodes;

namespace Leanmote.Application.Scim.Resources;

/// <summary>Builds the SCIM JSON of users and groups (scim.md §5), always in canonical camelCase.</summary>
public static class ScimRendering
{
    private static readonly string[] UserOrder =
    [
        "externalId", "userName", "name", "displayName", "nickName", "profileUrl", "title", "userType",
        "preferredLanguage", "locale", "timezone",
    ];

    private static readonly string[] UserMultiOrder = ["emails", "phoneNumbers", "addresses", "photos"];

    public static string Version(long version) => $"W/\"{version}\"";

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string UserLocation(ScimClient client, long userId) => $"{client.BaseUrl}/Users/usr_{userId}";

    public static string GroupLocation(ScimClient client, long teamId) => $"{client.BaseUrl}/Groups/team_{teamId}";

    public static JsonObject User(ScimClient client, ScimUserRow row)
    {
        var attributes = row.Attributes;
        var enterprise = attributes[ScimUris.EnterpriseUser] as JsonObject;
        var schemas = new JsonArray(ScimUris.User);
        if (enterprise is { Count: > 0 }) schemas.Add(ScimUris.EnterpriseUser);
        var user = new JsonObject { ["schemas"] = schemas, ["id"] = $"usr_{row.UserId}" };
        foreach (var name in UserOrder)
        {
            if (attributes[name] is { } value) user[name] = value.DeepClone();
        }
        user["active"] = row.Active;
        foreach (var name in UserMultiOrder)
        {
            if (attributes[name] is { } value) user[name] = value.DeepClone();
        }
        user["roles"] = new JsonArray(new JsonObject
        {
            ["value"] = row.Role,
            ["display"] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(row.Role),
            ["primary"] = true,
        });
        user["groups"] = new JsonArray([.. row.Groups.Select(g => (JsonNode)new JsonObject
        {
            ["value"] = $"team_{g.TeamId}",
            ["display"] = g.Name,
            ["$ref"] = GroupLocation(client, g.TeamId),
            ["type"] = "direct",
        })]);
        if (enterprise is { Count: > 0 })
        {
            var copy = (JsonObject)enterprise.DeepClone();
            if (copy["manager"] is JsonObject manager && row.ManagerDisplay is not null && manager["value"]?.GetValue<string>() is { } managerId)
            {
                manager["$ref"] = $"{client.BaseUrl}/Users/{managerId}";
                manager["displayName"] = row.ManagerDisplay;
            }
            user[ScimUris.EnterpriseUser] = copy;
        }
        user["meta"] = Meta("User", row.CreatedAt, row.UpdatedAt, UserLocation(client, row.UserId), row.Version);
        return user;
    }

    public static JsonObject Group(ScimClient client, ScimGroupRow row)
    {
        var group = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUris.Group),
            ["id"] = $"team_{row.TeamId}",
        };
        if (row.ExternalId is not null) group["externalId"] = row.ExternalId;
        group["displayName"] = row.DisplayName;
        if (row.Members is { } members)
        {
            group["members"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject
            {
                ["value"] = $"usr_{m.UserId}",
                ["display"] = m.Display,
                ["$ref"] = UserLocation(client, m.UserId),
                ["type"] = "User",
            })]);
        }
        group["meta"] = Meta("Group", row.CreatedAt, row.UpdatedAt, GroupLocation(client, row.TeamId), row.Version);
        return group;
    }

    private static JsonObject Meta(string type, DateTimeOffset created, DateTimeOffset updated, string location, long version) => new()
    {
        ["resourceType"] = type,
        ["created"] = Timestamp(created),
        ["lastModified"] = Timestamp(updated),
        ["location"] = location,
        ["version"] = Version(version),
    };

    public static JsonObject List(IEnumerable<JsonObject> resources, long total, int startIndex)
    {
        var array = new JsonArray([.. resources]);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUris.ListResponse),
            ["totalResults"] = total,
            ["startIndex"] = startIndex,
            ["itemsPerPage"] = array.Count,
            ["Resources"] = array,
        };
    }
}
