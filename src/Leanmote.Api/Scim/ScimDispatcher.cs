using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Common;
using Leanmote.Application.Scim.Resources;
using Leanmote.Application.Scim.Tokens;
using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Serilog;

namespace Leanmote.Api.Scim;

/// <summary>
/// The whole <c>/scim/v2</c> surface as one terminal middleware on its own pipeline branch (ADR 0021): routing with
/// case-insensitive resource segments and an ignored trailing slash (§2.1), 404/405/501, media types (§2.2–2.3),
/// SCIM-token authentication and rate limit (§3), body limits and JSON checks, and one exception boundary, so the
/// REST envelope can never appear here.
/// </summary>
public sealed class ScimDispatcher(RequestDelegate next)
{
    public const string Prefix = "/scim/v2";
    private static readonly string[] AcceptableBodyTypes = ["application/scim+json", "application/json"];

    private enum Endpoint
    {
        ServiceProviderConfig,
        ResourceTypes,
        ResourceType,
        Schemas,
        Schema,
        Collection,
        Search,
        Item,
    }

    private sealed record Route(Endpoint Endpoint, string? Resource, string? Id, string Allow);

    public async Task InvokeAsync(HttpContext http, ILogger<ScimDispatcher> logger)
    {
        _ = next;   // terminal: the SCIM branch never falls through to the REST pipeline
        try
        {
            await DispatchAsync(http);
        }
        catch (DatabaseUnavailableException e)
        {
            logger.LogError(e, "Database unavailable on SCIM {Method} {Path}", http.Request.Method, http.Request.Path.Value);
            await ScimResponder.WriteErrorAsync(http, new ScimError(503, null, "The service is temporarily unavailable") { RetryAfter = TimeSpan.FromSeconds(5) });
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ScimResponder.WriteErrorAsync(http, TooLarge(http));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // the client went away; nothing to answer
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled exception on SCIM {Method} {Path}", http.Request.Method, http.Request.Path.Value);
            await ScimResponder.WriteErrorAsync(http, new ScimError(500, null, $"An unexpected error occurred (request id {http.TraceIdentifier})"));
        }
    }

    private static async Task DispatchAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{Prefix}";
        var resolved = Resolve(http.Request.Path.Value ?? "");
        if (resolved.Error is { } routeError)
        {
            await ScimResponder.WriteErrorAsync(http, routeError);
            return;
        }
        var route = resolved.Value;
        var method = http.Request.Method;
        if (!route.Allow.Split(", ").Contains(method, StringComparer.Ordinal))
        {
            await ScimResponder.WriteErrorAsync(http, new ScimError(405, null, $"{method} is not allowed on {http.Request.Path.Value}; allowed: {route.Allow}") { Allow = route.Allow });
            return;
        }
        if (!Acceptable(http.Request))
        {
            await ScimResponder.WriteErrorAsync(http, new ScimError(406, null, "The Accept header must allow application/scim+json or application/json"));
            return;
        }

        var outcome = route.Endpoint switch
        {
            Endpoint.ServiceProviderConfig => Static(ScimDiscovery.ServiceProviderConfig(baseUrl)),
            Endpoint.ResourceTypes => Static(ScimDiscovery.ResourceTypes(baseUrl)),
            Endpoint.ResourceType => ScimDiscovery.ResourceType(baseUrl, route.Id!) is { } type ? Static(type)
                : ScimError.NotFound($"Resource type '{ScimError.Echo(route.Id)}' not found"),
            Endpoint.Schemas => Static(ScimDiscovery.Schemas(baseUrl)),
            Endpoint.Schema => ScimDiscovery.Schema(baseUrl, route.Id!) is { } schema ? Static(schema)
                : ScimError.NotFound($"Schema '{ScimError.Echo(route.Id)}' not found"),
            _ => await ResourceAsync(http, services, route, baseUrl),
        };
        if (route.Endpoint is Endpoint.ServiceProviderConfig or Endpoint.ResourceTypes or Endpoint.ResourceType or Endpoint.Schemas or Endpoint.Schema
            && outcome.IsSuccess)
        {
            http.Response.Headers.CacheControl = "max-age=3600";
        }
        if (outcome.Error is { } error) await ScimResponder.WriteErrorAsync(http, error);
        else await ScimResponder.WriteAsync(http, outcome.Value);
    }

    private static ScimResult<ScimResponse> Static(JsonObject body) => new ScimResponse(200, body);

    private static async Task<ScimResult<ScimResponse>> ResourceAsync(HttpContext http, IServiceProvider services, Route route, string baseUrl)
    {
        var ct = http.RequestAborted;
        ReadBearer(http, services.GetRequiredService<RequestContext>());
        var authenticated = await services.GetRequiredService<ScimAuthenticator>().AuthenticateAsync(http.TraceIdentifier, baseUrl, ct);
        if (authenticated.Error is { } authError) return authError;
        var client = authenticated.Value;
        var diagnostics = services.GetService<IDiagnosticContext>();
        diagnostics?.Set("OrganizationId", client.OrganizationId.Value);
        diagnostics?.Set("ScimTokenId", client.TokenId.Value);

        var query = QueryParameters(http.Request);
        if (query.Error is { } queryError) return queryError;
        var parameters = query.Value;
        var projection = new ScimProjectionRequest(Split(parameters.GetValueOrDefault("attributes")), Split(parameters.GetValueOrDefault("excludedattributes")));
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        var users = route.Resource == "Users";
        var method = http.Request.Method;

        JsonObject? body = null;
        if (method is "POST" or "PUT" or "PATCH")
        {
            var read = await ReadBodyAsync(http, services.GetRequiredService<IOptions<ScimOptions>>().Value.MaxBodyBytes);
            if (read.Error is { } bodyError) return bodyError;
            body = read.Value;
        }

        switch (route.Endpoint)
        {
            case Endpoint.Collection when method == "GET":
            {
                var list = new ScimListRequest(parameters.GetValueOrDefault("filter"), parameters.GetValueOrDefault("startindex"),
                    parameters.GetValueOrDefault("count"), parameters.GetValueOrDefault("sortby"), parameters.GetValueOrDefault("sortorder"),
                    projection.Attributes, projection.ExcludedAttributes);
                return users
                    ? await services.GetRequiredService<ScimUsers>().ListAsync(client, list, ct)
                    : await services.GetRequiredService<ScimGroups>().ListAsync(client, list, ct);
            }
            case Endpoint.Search:
            {
                var search = SearchRequest(body!);
                if (search.Error is { } searchError) return searchError;
                return users
                    ? await services.GetRequiredService<ScimUsers>().ListAsync(client, search.Value, ct)
                    : await services.GetRequiredService<ScimGroups>().ListAsync(client, search.Value, ct);
            }
            case Endpoint.Collection:
                return users
                    ? await services.GetRequiredService<ScimUsers>().CreateAsync(client, body!, projection, ct)
                    : await services.GetRequiredService<ScimGroups>().CreateAsync(client, body!, projection, ct);
        }

        var id = route.Id!;
        if (users)
        {
            var handler = services.GetRequiredService<ScimUsers>();
            return method switch
            {
                "GET" => await handler.GetAsync(client, id, projection, ifNoneMatch, ct),
                "PUT" => await handler.ReplaceAsync(client, id, body!, ifMatch, projection, ct),
                "PATCH" => await handler.PatchAsync(client, id, body!, ifMatch, projection, ct),
                _ => await handler.DeleteAsync(client, id, ifMatch, ct),
            };
        }
        var groups = services.GetRequiredService<ScimGroups>();
        return method switch
        {
            "GET" => await groups.GetAsync(client, id, projection, ifNoneMatch, ct),
            "PUT" => await groups.ReplaceAsync(client, id, body!, ifMatch, projection, ct),
            "PATCH" => await groups.PatchAsync(client, id, body!, ifMatch, ct),
            _ => await groups.DeleteAsync(client, id, ifMatch, ct),
        };
    }

    /// <summary>Maps the path after <c>/scim/v2</c> to an endpoint (resource segments case-insensitive, one trailing slash ignored).</summary>
    private static ScimResult<Route> Resolve(string path)
    {
        var rest = path.Length > Prefix.Length ? path[Prefix.Length..] : "";
        if (rest.Length > 1 && rest.EndsWith('/')) rest = rest[..^1];
        var segments = rest.Length <= 1 ? [] : rest[1..].Split('/');
        var notFound = ScimError.NotFound($"No SCIM endpoint at {ScimError.Echo(path)}");
        if (segments.Length == 0 || segments.Any(s => s.Length == 0)) return notFound;
        var first = segments[0];
        bool Is(string name) => first.Equals(name, StringComparison.OrdinalIgnoreCase);

        if (Is("Bulk")) return ScimError.NotImplemented("Bulk operations are not supported (see ServiceProviderConfig: bulk.supported is false)");
        if (Is("Me")) return ScimError.NotImplemented("/Me is not supported: SCIM clients act for an organization, not for a user");
        if (Is(".search") && segments.Length == 1) return ScimError.NotImplemented("Search at the root is not supported; use /Users/.search or /Groups/.search");
        if (Is("ServiceProviderConfig") && segments.Length == 1) return new Route(Endpoint.ServiceProviderConfig, null, null, "GET");
        if (Is("ResourceTypes") && segments.Length <= 2)
            return new Route(segments.Length == 1 ? Endpoint.ResourceTypes : Endpoint.ResourceType, null, segments.ElementAtOrDefault(1), "GET");
        if (Is("Schemas") && segments.Length <= 2)
            return new Route(segments.Length == 1 ? Endpoint.Schemas : Endpoint.Schema, null, segments.ElementAtOrDefault(1), "GET");
        if ((Is("Users") || Is("Groups")) && segments.Length <= 2)
        {
            var resource = Is("Users") ? "Users" : "Groups";
            if (segments.Length == 1) return new Route(Endpoint.Collection, resource, null, "GET, POST");
            if (segments[1].Equals(".search", StringComparison.OrdinalIgnoreCase)) return new Route(Endpoint.Search, resource, null, "POST");
            return new Route(Endpoint.Item, resource, Uri.UnescapeDataString(segments[1]), "GET, PUT, PATCH, DELETE");
        }
        return notFound;
    }

    /// <summary>The bearer token, by the rules of REST §3 (scheme case-insensitive; anything else is malformed).</summary>
    private static void ReadBearer(HttpContext http, RequestContext request)
    {
        request.ClientAddress = http.Connection.RemoteIpAddress;
        var headers = http.Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            request.TokenPresence = TokenPresence.Missing;
            return;
        }
        var parts = (headers.Count == 1 ? headers[0] ?? "" : "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase) && parts[1].Length <= 512)
        {
            request.TokenPresence = TokenPresence.Present;
            request.Token = parts[1];
        }
        else
        {
            request.TokenPresence = TokenPresence.Malformed;
        }
    }

    /// <summary>Query parameters by lower-cased name; unknown ones are ignored; one given twice with different values → 400.</summary>
    private static ScimResult<Dictionary<string, string>> QueryParameters(HttpRequest request)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in request.Query)
        {
            var distinct = values.Where(v => v is not null).Distinct(StringComparer.Ordinal).ToList();
            if (distinct.Count > 1) return ScimError.InvalidValue($"Query parameter '{ScimError.Echo(key)}' is given more than once with different values");
            result[key.ToLowerInvariant()] = distinct.FirstOrDefault() ?? "";
        }
        return result;
    }

    private static IReadOnlyList<string>? Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Acceptable(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0) return true;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var types) || types.Count == 0) return true;
        return types.Any(t => t.MediaType.Value is { } m && (m == "*/*" || m.Equals("application/*", StringComparison.OrdinalIgnoreCase)
            || AcceptableBodyTypes.Contains(m, StringComparer.OrdinalIgnoreCase)));
    }

    private static ScimError TooLarge(HttpContext http) =>
        new(413, null, $"The request body exceeds the limit of {http.RequestServices.GetRequiredService<IOptions<ScimOptions>>().Value.MaxBodyBytes} bytes");

    /// <summary>Reads a JSON object body (§2.2): media type, size limit without buffering the excess, syntax, depth and duplicate names.</summary>
    private static async Task<ScimResult<JsonObject>> ReadBodyAsync(HttpContext http, int maxBytes)
    {
        var request = http.Request;
        if (!string.IsNullOrEmpty(request.ContentType))
        {
            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
                || !AcceptableBodyTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            {
                return new ScimError(415, null, $"Content-Type '{ScimError.Echo(request.ContentType)}' is not supported; send application/scim+json or application/json");
            }
        }
        if (request.ContentLength > maxBytes) return TooLarge(http);

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) return TooLarge(http);
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span)) return ScimError.InvalidSyntax("The request body is not valid UTF-8");
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object) return ScimError.InvalidSyntax("The request body must be a JSON object");
            if (HasUnstorableText(document.RootElement))
                return ScimError.InvalidSyntax("The request body contains a NUL character or a lone UTF-16 surrogate escape, which cannot be stored");
            if (Duplicate(document.RootElement) is { } name) return ScimError.InvalidSyntax($"The member '{ScimError.Echo(name)}' appears twice in one object");
            return JsonNode.Parse(bytes.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 32 })!.AsObject();
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            var reason = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? "nests deeper than 32 levels" : "is not valid UTF-8 JSON";
            return ScimError.InvalidSyntax($"The request body {reason}{where}");
        }
    }

    /// <summary>True when a member name or a string holds a NUL or a lone UTF-16 surrogate escape (ADR 0051).</summary>
    private static bool HasUnstorableText(JsonElement element)
    {
        try
        {
            return Walk(element);
        }
        catch (InvalidOperationException)
        {
            return true;   // JsonElement.GetString / JsonProperty.Name on an escape like "\ud800" with no low surrogate after it
        }

        static bool Walk(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => e.EnumerateObject().Any(p => p.Name.Contains('\0') || Walk(p.Value)),
            JsonValueKind.Array => e.EnumerateArray().Any(Walk),
            JsonValueKind.String => e.GetString()!.Contains('\0'),
            _ => false,
        };
    }

    /// <summary>A member name used twice in one object (compared case-insensitively), anywhere in the document.</summary>
    private static string? Duplicate(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name)) return property.Name;
                    if (Duplicate(property.Value) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Duplicate(item) is { } inner) return inner;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>A <c>SearchRequest</c> body (§6.2): same parameters as the GET form, typed JSON members.</summary>
    private static ScimResult<ScimListRequest> SearchRequest(JsonObject body)
    {
        string? Text(string name, out ScimError? error)
        {
            error = null;
            var node = ScimJson.Member(body, name);
            if (node is null) return null;
            if (ScimJson.TryString(node, out var text)) return text;
            error = ScimError.InvalidSyntax($"SearchRequest member '{name}' must be a string, not {ScimJson.Kind(node)}");
            return null;
        }
        string? Integer(string name, out ScimError? error)
        {
            error = null;
            var node = ScimJson.Member(body, name);
            if (node is null) return null;
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number) return v.ToJsonString();
            error = ScimError.InvalidSyntax($"SearchRequest member '{name}' must be an integer, not {ScimJson.Kind(node)}");
            return null;
        }
        IReadOnlyList<string>? List(string name, out ScimError? error)
        {
            error = null;
            var node = ScimJson.Member(body, name);
            if (node is null) return null;
            if (ScimJson.TryString(node, out var text)) return Split(text);
            if (node is JsonArray array && array.All(e => ScimJson.TryString(e, out _))) return [.. array.Select(e => e!.GetValue<string>())];
            error = ScimError.InvalidSyntax($"SearchRequest member '{name}' must be an array of attribute names");
            return null;
        }

        var filter = Text("filter", out var e1);
        var sortBy = Text("sortBy", out var e2);
        var sortOrder = Text("sortOrder", out var e3);
        var start = Integer("startIndex", out var e4);
        var count = Integer("count", out var e5);
        var attributes = List("attributes", out var e6);
        var excluded = List("excludedAttributes", out var e7);
        if (new[] { e1, e2, e3, e4, e5, e6, e7 }.FirstOrDefault(e => e is not null) is { } error) return error;
        return new ScimListRequest(filter, start, count, sortBy, sortOrder, attributes, excluded);
    }
}

public static class ScimSurface
{
    /// <summary>Branches <c>/scim/v2</c> off the REST pipeline (no envelope, no REST status-code pages or error boundary).</summary>
    public static void UseScimSurface(this IApplicationBuilder app) =>
        app.MapWhen(http => http.Request.Path.StartsWithSegments(ScimDispatcher.Prefix, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<ScimDispatcher>());
}
