namespace Leanmote.Application.Common.Results;

/// <summary>The contract's error codes (rest-api.md §2). Wire strings and HTTP statuses live in the Api's ErrorCatalog.</summary>
public enum ErrorCode
{
    Unauthorized,
    Forbidden,
    NotFound,
    Validation,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    ServerError,
    ServiceUnavailable,
}

public sealed record ErrorDetail(string Field, string Message);

public sealed record Error(ErrorCode Code, string Message, IReadOnlyList<ErrorDetail>? Details = null, TimeSpan? RetryAfter = null)
{
    public const string MissingToken = "Missing authentication token";
    public const string InvalidToken = "Invalid authentication token";
    public const string ExpiredToken = "Authentication token has expired";
    public const string InactiveToken = "Authentication token is inactive";

    public static Error Unauthorized(string message) => new(ErrorCode.Unauthorized, message);
    public static Error Forbidden() => new(ErrorCode.Forbidden, "You do not have access to this resource");
    public static Error NotFound(string message = "Resource not found") => new(ErrorCode.NotFound, message);
    public static Error Conflict(string message) => new(ErrorCode.Conflict, message);
    public static Error RateLimited(TimeSpan retryAfter) => new(ErrorCode.RateLimited, "Rate limit exceeded", RetryAfter: retryAfter);
    public static Error ServiceUnavailable(TimeSpan retryAfter) =>
        new(ErrorCode.ServiceUnavailable, "The service is temporarily unavailable", RetryAfter: retryAfter);

    /// <summary>A validation error; the message is the first detail spelled as "field message".</summary>
    public static Error Validation(IReadOnlyList<ErrorDetail> details)
    {
        ArgumentOutOfRangeException.ThrowIfZero(details.Count);
        var first = details[0];
        return new(ErrorCode.Validation, $"{first.Field} {first.Message}", details);
    }

    public static Error Validation(string field, string message) => Validation([new ErrorDetail(field, message)]);
}
