namespace Leanmote.Application.Scim.Resources;

/// <summary>
/// An expected SCIM failure (scim.md §4): the HTTP status, the optional <c>scimType</c> and a specific, human
/// readable detail. The Api's SCIM responder is the only place that turns it into a response.
/// </summary>
public sealed record ScimError(int Status, string? ScimType, string Detail)
{
    public TimeSpan? RetryAfter { get; init; }
    public string? Allow { get; init; }

    public static ScimError InvalidFilter(string detail) => new(400, "invalidFilter", detail);
    public static ScimError InvalidSyntax(string detail) => new(400, "invalidSyntax", detail);
    public static ScimError InvalidPath(string detail) => new(400, "invalidPath", detail);
    public static ScimError NoTarget(string detail) => new(400, "noTarget", detail);
    public static ScimError InvalidValue(string detail) => new(400, "invalidValue", detail);
    public static ScimError Mutability(string detail) => new(400, "mutability", detail);
    public static ScimError Uniqueness(string detail) => new(409, "uniqueness", detail);
    public static ScimError NotFound(string detail) => new(404, null, detail);
    public static ScimError PreconditionFailed(string detail) => new(412, null, detail);
    public static ScimError Unauthorized(string detail) => new(401, null, detail);
    public static ScimError Forbidden(string detail) => new(403, null, detail);
    public static ScimError RateLimited(TimeSpan retryAfter) => new(429, null, "Rate limit exceeded") { RetryAfter = retryAfter };
    public static ScimError NotImplemented(string detail) => new(501, null, detail);

    /// <summary>A value echoed in a detail, cut to 100 characters (scim.md §4).</summary>
    public static string Echo(string? value) => value is null ? "null" : value.Length <= 100 ? value : value[..100] + "…";
}

/// <summary>A value or a <see cref="ScimError"/>.</summary>
public readonly struct ScimResult<T>
{
    private readonly T? _value;

    private ScimResult(T? value, ScimError? error)
    {
        _value = value;
        Error = error;
    }

    public ScimError? Error { get; }
    public bool IsSuccess => Error is null;
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"Result holds SCIM error {Error.Status}");

    /// <summary>Wraps a value whose static type is an interface (implicit conversions do not apply to interfaces).</summary>
    public static ScimResult<T> From(T value) => new(value, null);

    public static implicit operator ScimResult<T>(T value) => new(value, null);
    public static implicit operator ScimResult<T>(ScimError error) => new(default, error);
}
