using Leanmote.Application.Access;
using Leanmote.Application.Common;
using Leanmote.Application.Scim.Resources;
using Leanmote.Domain.Access;
using Microsoft.Extensions.Options;

namespace Leanmote.Application.Scim.Tokens;

/// <summary>
/// SCIM request authentication (scim.md §3.2) and the per-token rate limit (§3.4). Only <c>lmscim_</c> tokens from
/// <c>scim_tokens</c> are accepted, so a user API token is an invalid token here (and a SCIM token is unknown to
/// the REST token store). Failures count toward the per-address failure limit shared with REST (§6 there).
/// </summary>
public sealed class ScimAuthenticator(
    IScimTokenStore tokens,
    IRateLimitStore counters,
    RequestContext request,
    IOptions<AccessOptions> access,
    IOptions<ScimOptions> scim,
    TimeProvider clock)
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<ScimResult<ScimClient>> AuthenticateAsync(string requestId, string baseUrl, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var window = new RateWindow($"authfail:{request.ClientAddress?.ToString() ?? "unknown"}:minute", start, start.AddMinutes(1));
        // over the failure limit: 429 before any token lookup (ADR 0055)
        if (counters.ObservedCount(window) >= access.Value.AuthenticationFailuresPerMinute) return ScimError.RateLimited(window.End - now);
        var outcome = await ResolveAsync(requestId, baseUrl, now, ct);
        if (outcome.Error is not { Status: 401 } failure) return outcome;

        var counts = await counters.IncrementAsync([window], ct);
        return counts[0] > access.Value.AuthenticationFailuresPerMinute ? ScimError.RateLimited(window.End - now) : failure;
    }

    private async Task<ScimResult<ScimClient>> ResolveAsync(string requestId, string baseUrl, DateTimeOffset now, CancellationToken ct)
    {
        switch (request.TokenPresence)
        {
            case TokenPresence.Missing: return ScimError.Unauthorized(Common.Results.Error.MissingToken);
            case TokenPresence.Malformed: return ScimError.Unauthorized(Common.Results.Error.InvalidToken);
        }
        var token = request.Token!;
        if (!ScimToken.HasPrefix(token)) return ScimError.Unauthorized(Common.Results.Error.InvalidToken);

        var record = await tokens.FindByHashAsync(ScimToken.Hash(token, access.Value.TokenSalt), ct);
        if (record is null) return ScimError.Unauthorized(Common.Results.Error.InvalidToken);
        if (!record.IsActive) return ScimError.Unauthorized(Common.Results.Error.InactiveToken);
        if (record.ExpiresAt is { } expiresAt && expiresAt <= now) return ScimError.Unauthorized(Common.Results.Error.ExpiredToken);
        if (record.OrganizationSuspended) return ScimError.Forbidden("The organization is suspended");

        if (record.LastUsedAt is null || record.LastUsedAt < now - TouchInterval)
        {
            await tokens.TouchAsync(record.OrganizationId, record.Id, now, now - TouchInterval, ct);
        }

        var limit = scim.Value.RequestsPerMinute;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        // the shared counters (rest-api.md §6 machinery): group-committed per process, so an IdP's concurrent
        // requests do not queue on the window's row lock (ADR 0013)
        var window = new RateWindow($"scim:{record.Id.Value}:minute", start, start.AddMinutes(1));
        var count = (await counters.IncrementAsync([window], ct))[0];
        request.RateLimit = new RateLimitState(limit, (int)Math.Max(0, limit - count), start.AddMinutes(1));
        if (count > limit) return ScimError.RateLimited(start.AddMinutes(1) - now);

        return new ScimClient(record.OrganizationId, record.Id, requestId, baseUrl);
    }
}
