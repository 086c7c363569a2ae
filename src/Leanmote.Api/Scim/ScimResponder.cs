using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Common;
using Leanmote.Application.Scim.Resources;

namespace Leanmote.Api.Scim;

/// <summary>
/// The only writer of SCIM responses (scim.md §2.3, §4): <c>application/scim+json; charset=utf-8</c> on every body,
/// the RFC 7644 error shape for every failure, ETag/Location headers and the X-RateLimit-* headers.
/// </summary>
public static class ScimResponder
{
    public const string MediaType = "application/scim+json; charset=utf-8";
    public const string ScimTypeItem = "Leanmote.ScimType";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static async Task WriteAsync(HttpContext http, ScimResponse response)
    {
        var headers = http.Response.Headers;
        RateLimitHeaders(http);
        http.Response.StatusCode = response.Status;
        if (response.ETag is not null) headers.ETag = response.ETag;
        if (response.Location is not null) headers.Location = response.Location;
        if (response.Body is null) return;
        await WriteBodyAsync(http, response.Body);
    }

    public static async Task WriteErrorAsync(HttpContext http, ScimError error)
    {
        if (http.Response.HasStarted) return;
        RateLimitHeaders(http);
        var headers = http.Response.Headers;
        http.Response.StatusCode = error.Status;
        if (error.Status == StatusCodes.Status401Unauthorized) headers.WWWAuthenticate = "Bearer realm=\"scim\"";
        if (error.RetryAfter is { } retry)
            headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (error.Allow is not null) headers.Allow = error.Allow;
        http.Items[ScimTypeItem] = error.ScimType ?? "";
        http.Items[Http.Envelope.ErrorCodeItem] = error.ScimType ?? error.Status.ToString(CultureInfo.InvariantCulture);   // the request log line
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUris.Error),
            ["status"] = error.Status.ToString(CultureInfo.InvariantCulture),
        };
        if (error.ScimType is not null) body["scimType"] = error.ScimType;
        body["detail"] = error.Detail;
        await WriteBodyAsync(http, body);
    }

    public static async Task WriteBodyAsync(HttpContext http, JsonNode body)
    {
        http.Response.ContentType = MediaType;
        await using var writer = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        body.WriteTo(writer, Options);
        await writer.FlushAsync(http.RequestAborted);
    }

    private static void RateLimitHeaders(HttpContext http)
    {
        if (http.RequestServices.GetService<RequestContext>()?.RateLimit is not { } limit) return;
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = limit.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = limit.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }
}
