using Leanmote.Application.Access;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Mediator;
using Microsoft.Extensions.Options;

namespace Leanmote.Application.Common.Behaviours;

/// <summary>
/// Resolves the bearer token to a caller (rest-api.md §3). Failures (missing, malformed, unknown, expired,
/// inactive) are counted per client address in the shared rate-limit store; beyond the per-minute limit they
/// are answered 429 instead of 401, so token guessing runs into a wall rather than unlimited tries.
/// </summary>
internal sealed class AuthenticationBehaviour<TMessage, TResponse>(
    ITokenStore tokens,
    IRateLimitStore counters,
    RequestContext request,
    IOptions<AccessOptions> options,
    TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IAuthorizedRequest, IMessage
    where TResponse : IFailable<TResponse>
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // An address over its failure limit gets 429 before any token lookup (ADR 0055): guessing costs no database work
        var failures = FailureWindow(now);
        if (counters.ObservedCount(failures) >= options.Value.AuthenticationFailuresPerMinute)
            return TResponse.Fail(Error.RateLimited(failures.End - now));
        var verdict = await AuthenticateAsync(now, cancellationToken);
        if (verdict is null) return await next(message, cancellationToken);

        // Only failures cost a counter update; the success path stays one lookup.
        var counts = await counters.IncrementAsync([failures], cancellationToken);
        return counts[0] > options.Value.AuthenticationFailuresPerMinute
            ? TResponse.Fail(Error.RateLimited(failures.End - now))
            : TResponse.Fail(verdict);
    }

    private async Task<Error?> AuthenticateAsync(DateTimeOffset now, CancellationToken ct)
    {
        switch (request.TokenPresence)
        {
            case TokenPresence.Missing:
                return Error.Unauthorized(Error.MissingToken);
            case TokenPresence.Malformed:
                return Error.Unauthorized(Error.InvalidToken);
        }

        var record = await tokens.FindByHashAsync(ApiToken.Hash(request.Token!, options.Value.TokenSalt), ct);
        if (record is null) return Error.Unauthorized(Error.InvalidToken);
        if (!record.IsActive || !record.UserIsActive) return Error.Unauthorized(Error.InactiveToken);
        if (record.ExpiresAt is { } expiresAt && expiresAt <= now) return Error.Unauthorized(Error.ExpiredToken);

        if (record.LastUsedAt is null || record.LastUsedAt < now - TouchInterval)
        {
            await tokens.TouchAsync(record.Id, now, now - TouchInterval, ct);
        }
        request.Caller = new Caller(record.UserId, record.Id, record.Memberships);
        return null;
    }

    private RateWindow FailureWindow(DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        return new RateWindow($"authfail:{request.ClientAddress?.ToString() ?? "unknown"}:minute", start, start.AddMinutes(1));
    }
}
