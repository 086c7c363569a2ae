using Leanmote.Application.Common.Results;

namespace Leanmote.Api.Http;

/// <summary>The only place that knows each error's wire code and HTTP status (rest-api.md §2).</summary>
public static class ErrorCatalog
{
    public static (string Code, int Status) Describe(ErrorCode code) => code switch
    {
        ErrorCode.Unauthorized => ("UNAUTHORIZED", StatusCodes.Status401Unauthorized),
        ErrorCode.Forbidden => ("FORBIDDEN", StatusCodes.Status403Forbidden),
        ErrorCode.NotFound => ("NOT_FOUND", StatusCodes.Status404NotFound),
        ErrorCode.Validation => ("VALIDATION_ERROR", StatusCodes.Status400BadRequest),
        ErrorCode.MethodNotAllowed => ("METHOD_NOT_ALLOWED", StatusCodes.Status405MethodNotAllowed),
        ErrorCode.Conflict => ("CONFLICT", StatusCodes.Status409Conflict),
        ErrorCode.PayloadTooLarge => ("PAYLOAD_TOO_LARGE", StatusCodes.Status413PayloadTooLarge),
        ErrorCode.UnsupportedMediaType => ("UNSUPPORTED_MEDIA_TYPE", StatusCodes.Status415UnsupportedMediaType),
        ErrorCode.RateLimited => ("RATE_LIMITED", StatusCodes.Status429TooManyRequests),
        ErrorCode.ServiceUnavailable => ("SERVICE_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable),
        _ => ("SERVER_ERROR", StatusCodes.Status500InternalServerError),
    };

    /// <summary>The error for a bare status code produced outside the pipeline (routing, server limits).</summary>
    public static Error ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => Error.NotFound("Route not found"),
        StatusCodes.Status405MethodNotAllowed => new Error(ErrorCode.MethodNotAllowed, "Method not allowed for this route"),
        StatusCodes.Status413PayloadTooLarge => new Error(ErrorCode.PayloadTooLarge, "Request body is too large"),
        StatusCodes.Status415UnsupportedMediaType => new Error(ErrorCode.UnsupportedMediaType, "Request body must be application/json"),
        StatusCodes.Status401Unauthorized => Error.Unauthorized(Error.MissingToken),
        StatusCodes.Status403Forbidden => Error.Forbidden(),
        StatusCodes.Status429TooManyRequests => Error.RateLimited(TimeSpan.FromSeconds(60)),
        StatusCodes.Status503ServiceUnavailable => Error.ServiceUnavailable(TimeSpan.FromSeconds(5)),
        >= 400 and < 500 => Error.Validation("request", "is not a valid request"),
        _ => new Error(ErrorCode.ServerError, "An unexpected error occurred"),
    };
}
