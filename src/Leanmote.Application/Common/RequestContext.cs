using System.Net;
using Leanmote.Application.Common.Security;

namespace Leanmote.Application.Common;

public enum TokenPresence
{
    Missing,
    Malformed,
    Present,
}

public sealed record RateLimitState(int Limit, int Remaining, DateTimeOffset ResetAt);

/// <summary>
/// Per-request state shared by the Api edge and the pipeline behaviours (scoped). The Api fills the raw
/// token and client address; behaviours fill the caller, scope and rate-limit window.
/// </summary>
public sealed class RequestContext
{
    public TokenPresence TokenPresence { get; set; } = TokenPresence.Missing;
    public string? Token { get; set; }
    public IPAddress? ClientAddress { get; set; }
    public Caller? Caller { get; set; }

    /// <summary>Organization ids the handler's reads are bounded to (set by authorization).</summary>
    public IReadOnlyList<long> Scope { get; set; } = [];

    /// <summary>Whose private data list reads may return (set by authorization for people-private lists).</summary>
    public PeopleVisibility People { get; set; } = PeopleVisibility.Nobody;

    public RateLimitState? RateLimit { get; set; }

    /// <summary>The parsed <c>fields=</c> projection, when the request named one.</summary>
    public IReadOnlyList<string>? Fields { get; set; }

    public Caller RequireCaller() =>
        Caller ?? throw new InvalidOperationException("The request reached a handler without an authenticated caller");
}
