using System.Diagnostics.CodeAnalysis;

namespace Leanmote.Application.Common.Results;

/// <summary>Lets a pipeline behaviour short-circuit with an error without knowing the response's value type.</summary>
public interface IFailable<TSelf> where TSelf : IFailable<TSelf>
{
    static abstract TSelf Fail(Error error);
}

/// <summary>Read access to the outcome of any result, for behaviours that only observe it.</summary>
public interface IOutcome
{
    Error? Error { get; }
}

/// <summary>A handler outcome: a value, or an expected error. Surprises are exceptions, not results.</summary>
public readonly struct Result<T> : IFailable<Result<T>>, IOutcome, IReplayable<Result<T>>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Result holds error {Error.Code}");

    public static Result<T> Success(T value) => new(value, null);
    public static Result<T> Fail(Error error) => new(default, error);

    static Type IReplayable<Result<T>>.ValueType => typeof(T);
    object? IReplayable<Result<T>>.SuccessValue => IsSuccess ? _value : null;
    static Result<T> IReplayable<Result<T>>.Restore(object value) => Success((T)value);

    public static implicit operator Result<T>(T value) => Success(value);
    public static implicit operator Result<T>(Error error) => Fail(error);
}

/// <summary>
/// A result whose success value can be stored and handed back later unchanged (Idempotency-Key replays,
/// adr/0011). The value type is fixed by the result type, so a stored value is restored to the same shape.
/// </summary>
public interface IReplayable<TSelf> where TSelf : IReplayable<TSelf>
{
    static abstract Type ValueType { get; }
    object? SuccessValue { get; }
    static abstract TSelf Restore(object value);
}

/// <summary>Marks a successful write that created a resource (201).</summary>
public sealed record Created<T>(T Resource) : ICreated
{
    object? ICreated.Resource => Resource;
}

public interface ICreated
{
    object? Resource { get; }
}

/// <summary>A successful outcome with no body (204).</summary>
public sealed record NoContent
{
    public static NoContent Instance { get; } = new();
}

/// <summary>An idempotent upsert: 201 when it created the resource, 200 when it updated (or repeated) it.</summary>
public sealed record Upserted<T>(T Resource, bool Inserted) : IUpserted
{
    object? IUpserted.Resource => Resource;
}

public interface IUpserted
{
    object? Resource { get; }
    bool Inserted { get; }
}
