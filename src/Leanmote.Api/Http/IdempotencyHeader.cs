namespace Leanmote.Api.Http;

/// <summary>Carries the raw <c>Idempotency-Key</c> header into a write; the idempotency behaviour judges it.</summary>
public static class IdempotencyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>Null when absent; a repeated header arrives joined by a line break, which the key rules reject.</summary>
    public static string? From(HttpRequest request) =>
        request.Headers.TryGetValue(Name, out var values) ? string.Join('\n', values.Select(v => v ?? "")) : null;
}
