using Leanmote.Application.Common;

namespace Leanmote.Api.Http;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;token&gt;</c> into the request context (rest-api.md §3). The scheme is matched
/// case-insensitively; another scheme, an empty token, extra parts or a repeated header are malformed.
/// Nothing here decides access: the authentication behaviour does.
/// </summary>
public sealed class BearerTokenReader(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http, RequestContext request)
    {
        request.ClientAddress = http.Connection.RemoteIpAddress;
        var headers = http.Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            request.TokenPresence = TokenPresence.Missing;
            return next(http);
        }

        var value = headers.Count == 1 ? headers[0] ?? "" : "";
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase) && parts[1].Length <= 512)
        {
            request.TokenPresence = TokenPresence.Present;
            request.Token = parts[1];
        }
        else
        {
            request.TokenPresence = TokenPresence.Malformed;
        }
        return next(http);
    }
}
