using System.Diagnostics.CodeAnalysis;

namespace Leanmote.Application.Scim.Schema;

/// <summary>The <c>scimType</c> values of RFC 7644 §3.12 that the SCIM engine emits (all with HTTP 400).</summary>
public static class ScimErrorTypes
{
    public const string InvalidFilter = "invalidFilter";
    public const string InvalidSyntax = "invalidSyntax";
    public const string InvalidPath = "invalidPath";
    public const string NoTarget = "noTarget";
    public const string InvalidValue = "invalidValue";
    public const string Mutability = "mutability";
}

/// <summary>
/// An expected SCIM failure: always HTTP 400, with the RFC 7644 <c>scimType</c> and a human readable
/// <c>detail</c> that names the offending attribute, path or value (values echoed are cut to 100 characters).
/// </summary>
public sealed record ScimError(string ScimType, string Detail)
{
    public int Status => 400;

    public static ScimError InvalidFilter(string detail) => new(ScimErrorTypes.InvalidFilter, detail);
    public static ScimError InvalidSyntax(string detail) => new(ScimErrorTypes.InvalidSyntax, detail);
    public static ScimError InvalidPath(string detail) => new(ScimErrorTypes.InvalidPath, detail);
    public static ScimError NoTarget(string detail) => new(ScimErrorTypes.NoTarget, detail);
    public static ScimError InvalidValue(string detail) => new(ScimErrorTypes.InvalidValue, detail);
    public static ScimError Mutability(string detail) => new(ScimErrorTypes.Mutability, detail);

    /// <summary>Quotes a client-supplied value for a detail message, truncated to 100 characters (spec §4).</summary>
    public static string Echo(string? value)
    {
        if (value is null)
            return "null";
        return value.Length <= 100 ? $"'{value}'" : $"'{value[..100]}…'";
    }
}

/// <summary>A value, or a <see cref="ScimError"/>. Bad client input is never an exception in the SCIM engine.</summary>
public readonly struct ScimResult<T>
{
    private readonly T? _value;

    private ScimResult(T? value, ScimError? error)
    {
        _value = value;
        Error = error;
    }

    public ScimError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"SCIM result holds error {Error.ScimType}: {Error.Detail}");

    public static ScimResult<T> Success(T value) => new(value, null);
    public static ScimResult<T> Fail(ScimError error) => new(default, error);

    public static implicit operator ScimResult<T>(T value) => Success(value);
    public static implicit operator ScimResult<T>(ScimError error) => Fail(error);
}
