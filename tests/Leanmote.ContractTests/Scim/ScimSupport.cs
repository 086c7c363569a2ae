using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leanmote.Application.Access;
using Leanmote.ContractTests.Support;
using Leanmote.Domain.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leanmote.ContractTests.Scim;

/// <summary>
/// A fresh organization of its own for a SCIM test: an admin with an API token and a SCIM token, both made with
/// the host's salt and stored with plain SQL, so SCIM tests never disturb the shared fixture (nor each other).
/// </summary>
public sealed record ScimTenant(long OrganizationId, long AdminUserId, string AdminToken, string ScimToken, long ScimTokenId)
{
    public string OrganizationPublicId => "org_" + OrganizationId.ToString(CultureInfo.InvariantCulture);
    public string AdminPublicId => "usr_" + AdminUserId.ToString(CultureInfo.InvariantCulture);

    public static async Task<ScimTenant> CreateAsync(InProcessApi host, string? tag = null)
    {
        var slug = "scim-" + (tag ?? "") + Guid.NewGuid().ToString("N")[..12];
        var salt = host.Services.GetRequiredService<IOptions<AccessOptions>>().Value.TokenSalt;
        var organization = (long)(await host.SqlAsync("INSERT INTO organizations (name, slug) VALUES (@n, @s) RETURNING id", ("n", slug), ("s", slug)))!;
        var admin = (long)(await host.SqlAsync("INSERT INTO users (name, email) VALUES ('Tenant Admin', @e) RETURNING id", ("e", slug + "-admin@example.com")))!;
        await host.SqlAsync("INSERT INTO organization_members (organization_id, user_id, role) VALUES (@o, @u, 'admin')", ("o", organization), ("u", admin));
        var apiToken = ApiToken.Generate();
        await host.SqlAsync("INSERT INTO api_credentials (user_id, token_hash, token_preview) VALUES (@u, @h, @p)",
            ("u", admin), ("h", ApiToken.Hash(apiToken, salt)), ("p", ApiToken.Preview(apiToken)));
        var scimToken = Leanmote.Domain.Access.ScimToken.Generate();
        var scimTokenId = (long)(await host.SqlAsync(
            "INSERT INTO scim_tokens (organization_id, token_hash, token_preview, description) VALUES (@o, @h, @p, 'tests') RETURNING id",
            ("o", organization), ("h", Leanmote.Domain.Access.ScimToken.Hash(scimToken, salt)), ("p", Leanmote.Domain.Access.ScimToken.Preview(scimToken))))!;
        return new ScimTenant(organization, admin, apiToken, scimToken, scimTokenId);
    }
}

/// <summary>Requests as identity providers send them, and the checks every SCIM response must pass (§2.3, §4).</summary>
public static class Scim
{
    public const string Base = "/scim/v2";
    public const string ScimJson = "application/scim+json";

    public static Task<ApiResponse> SendAsync(ApiClient api, HttpMethod method, string path, string? token, string? json = null,
        string contentType = "application/scim+json; charset=utf-8", Action<HttpRequestMessage>? configure = null)
    {
        HttpContent? content = null;
        if (json is not null)
        {
            content = new StringContent(json, Encoding.UTF8);
            content.Headers.ContentType = contentType.Length == 0 ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        return api.SendAsync(method, Base + path, token, content, configure);
    }

    public static Task<ApiResponse> GetAsync(ApiClient api, string path, string? token) => SendAsync(api, HttpMethod.Get, path, token);

    public static Task<ApiResponse> PostAsync(ApiClient api, string path, string? token, string json) => SendAsync(api, HttpMethod.Post, path, token, json);

    public static Task<ApiResponse> PutAsync(ApiClient api, string path, string? token, string json) => SendAsync(api, HttpMethod.Put, path, token, json);

    public static Task<ApiResponse> PatchAsync(ApiClient api, string path, string? token, string json) => SendAsync(api, HttpMethod.Patch, path, token, json);

    public static Task<ApiResponse> DeleteAsync(ApiClient api, string path, string? token) => SendAsync(api, HttpMethod.Delete, path, token);

    /// <summary>Asserts the status and that a body (if any) is SCIM JSON, never the REST envelope; returns the body.</summary>
    public static JsonElement Expect(ApiResponse response, int status)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), response.ToString());
        Assert.That(response.Header("X-Request-Id"), Is.Not.Null.And.Not.Empty);
        if (response.Body.Length == 0) return default;
        Assert.That(response.ContentHeaders.ContentType?.ToString(), Is.EqualTo("application/scim+json; charset=utf-8"));
        var json = response.Json;
        Assert.That(json.ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(json.TryGetProperty("error", out _) || json.TryGetProperty("data", out _), Is.False, "no REST envelope under /scim/v2");
        return json;
    }

    /// <summary>Asserts a SCIM error body (§4): schemas, status as a string, scimType only when expected, a detail.</summary>
    public static JsonElement ExpectError(ApiResponse response, int status, string? scimType = null)
    {
        var json = Expect(response, status);
        Assert.That(json.GetProperty("schemas")[0].GetString(), Is.EqualTo("urn:ietf:params:scim:api:messages:2.0:Error"));
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo(status.ToString(CultureInfo.InvariantCulture)));
        Assert.That(json.GetProperty("detail").GetString(), Is.Not.Empty);
        if (scimType is null) Assert.That(json.TryGetProperty("scimType", out _), Is.False, response.Body);
        else Assert.That(json.GetProperty("scimType").GetString(), Is.EqualTo(scimType), response.Body);
        return json;
    }

    public static JsonElement ExpectList(ApiResponse response, int total)
    {
        var json = Expect(response, 200);
        Assert.That(json.GetProperty("schemas")[0].GetString(), Is.EqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse"));
        Assert.That(json.GetProperty("totalResults").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(json.GetProperty("totalResults").GetInt64(), Is.EqualTo(total), response.Body);
        Assert.That(json.GetProperty("itemsPerPage").GetInt32(), Is.EqualTo(json.GetProperty("Resources").GetArrayLength()));
        return json;
    }

    public static IReadOnlyList<string> Ids(JsonElement list) =>
        [.. list.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];

    public static string UserBody(string userName, string extra = "") =>
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":{{JsonSerializer.Serialize(userName)}}{{extra}}}""";

    public static async Task<string> CreateUserAsync(ApiClient api, ScimTenant tenant, string userName, string extra = "")
    {
        var created = Expect(await PostAsync(api, "/Users", tenant.ScimToken, UserBody(userName, extra)), 201);
        return created.GetProperty("id").GetString()!;
    }

    public static async Task<string> CreateGroupAsync(ApiClient api, ScimTenant tenant, string displayName, params string[] members)
    {
        var list = string.Join(',', members.Select(m => $$"""{"value":"{{m}}"}"""));
        var created = Expect(await PostAsync(api, "/Groups", tenant.ScimToken,
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":{{JsonSerializer.Serialize(displayName)}},"members":[{{list}}]}"""), 201);
        return created.GetProperty("id").GetString()!;
    }

    public static string Escape(string filter) => Uri.EscapeDataString(filter);
}
