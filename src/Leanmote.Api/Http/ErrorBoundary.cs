using System.Text.Json;
using Leanmote.Application.Common.Results;
using Leanmote.Infrastructure.Database;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Leanmote.Api.Http;

/// <summary>
/// The single boundary for exceptions (style.md §5): a database that is down → 503, request-shape failures
/// raised by the framework → 400/413/415, anything else → 500 with a generic message, logged once.
/// </summary>
public sealed class ErrorBoundary(ILogger<ErrorBoundary> logger) : IExceptionHandler
{
    /// <summary>The status a request gets in the request log when its client went away before the answer (nginx's 499).</summary>
    public const int ClientClosedRequest = 499;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (http.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // the client disconnected: nobody reads an answer, and it is not a server error (ADR 0053)
            logger.LogInformation("Client disconnected before the answer on {Method} {Path}", http.Request.Method, http.Request.Path.Value);
            if (!http.Response.HasStarted) http.Response.StatusCode = ClientClosedRequest;
            return true;
        }
        if (http.Response.HasStarted) return false;
        var error = Translate(exception);
        if (error.Code == ErrorCode.ServerError)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path.Value);
        }
        else if (error.Code == ErrorCode.ServiceUnavailable)
        {
            logger.LogError(exception, "Database unavailable on {Method} {Path}", http.Request.Method, http.Request.Path.Value);
        }
        await Envelope.WriteErrorAsync(http, error);
        return true;
    }

    private static Error Translate(Exception exception) => exception switch
    {
        DatabaseUnavailableException => Error.ServiceUnavailable(TimeSpan.FromSeconds(5)),
        // a NUL in a body string reaches PostgreSQL, which refuses it before storing anything (ADR 0051)
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
            Error.Validation("body", "contains a NUL character, which cannot be stored"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ErrorCatalog.ForStatus(StatusCodes.Status413PayloadTooLarge),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ErrorCatalog.ForStatus(StatusCodes.Status415UnsupportedMediaType),
        BadHttpRequestException bad => BodyError(bad),
        _ => new Error(ErrorCode.ServerError, "An unexpected error occurred"),
    };

    /// <summary>A body that did not parse: name the JSON path when the parser knows it.</summary>
    private static Error BodyError(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            // a syntax error (truncated body, stray comma) is the body's fault, whatever path the reader reached
            if (json.InnerException?.GetType().Name == "JsonReaderException") return Error.Validation("body", "is not valid JSON");
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a recognised field"
                : field == "body" ? "is not valid JSON" : "has an invalid value";
            return Error.Validation(field, message);
        }
        return Error.Validation("body", bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "is required and must be a JSON object" : "is invalid");
    }
}
