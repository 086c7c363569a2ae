using Leanmote.Application.Access;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;
using Microsoft.Extensions.Options;

namespace Leanmote.Application.Common.Behaviours;

/// <summary>
/// Takes one request from the caller's token in both windows (rest-api.md §6) and records the hourly window
/// for the X-RateLimit-* headers; a spent window answers 429 describing that window.
/// </summary>
internal sealed class RateLimitBehaviour<TMessage, TResponse>(
    IRateLimitStore counters,
    RequestContext request,
    IOptions<AccessOptions> options,
    TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IAuthorizedRequest, IMessage
    where TResponse : IFailable<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var caller = request.RequireCaller();
        var now = clock.GetUtcNow();
        var hourStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var minuteStart = hourStart.AddMinutes(now.Minute);
        var key = caller.CredentialId.Value;
        RateWindow hour = new($"token:{key}:hour", hourStart, hourStart.AddHours(1));
        RateWindow minute = new($"token:{key}:minute", minuteStart, minuteStart.AddMinutes(1));

        var counts = await counters.IncrementAsync([hour, minute], cancellationToken);
        var (perHour, perMinute) = (options.Value.RequestsPerHour, options.Value.RequestsPerMinute);

        if (counts[0] > perHour)
        {
            request.RateLimit = new RateLimitState(perHour, 0, hour.End);
            return TResponse.Fail(Error.RateLimited(hour.End - now));
        }
        if (counts[1] > perMinute)
        {
            request.RateLimit = new RateLimitState(perMinute, 0, minute.End);
            return TResponse.Fail(Error.RateLimited(minute.End - now));
        }
        request.RateLimit = new RateLimitState(perHour, (int)Math.Max(0, perHour - counts[0]), hour.End);
        return await next(message, cancellationToken);
    }
}
