using Serilog.Context;

namespace Leanmote.Api.Http;

/// <summary>
/// Keeps the caller's X-Request-Id when it is 1–64 characters of [A-Za-z0-9._-], else generates one; echoes it
/// and pushes it into the log context.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        var incoming = http.Request.Headers[Header];
        var id = incoming.Count == 1 && IsAcceptable(incoming[0]) ? incoming[0]! : Guid.NewGuid().ToString("N");
        http.TraceIdentifier = id;
        http.Response.Headers[Header] = id;
        // again as the response starts: the exception handler clears the headers before it writes its 400 or 500
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (LogContext.PushProperty("RequestId", id))
        {
            await next(http);
        }
    }

    public static bool IsAcceptable(string? value) =>
        value is { Length: >= 1 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
