using System.Diagnostics;
using Leanmote.Application.Common.Results;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Leanmote.Application.Common.Behaviours;

/// <summary>Times every message; Debug line with its outcome, Warning when it is slow.</summary>
internal sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
    where TResponse : IOutcome
{
    private static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(500);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var outcome = response.Error?.Code.ToString() ?? "Success";
        if (elapsed > SlowThreshold)
        {
            logger.LogWarning("Slow {MessageName} took {ElapsedMs} ms with outcome {Outcome}", typeof(TMessage).FullName, (long)elapsed.TotalMilliseconds, outcome);
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("{MessageName} took {ElapsedMs} ms with outcome {Outcome}", typeof(TMessage).FullName, elapsed.TotalMilliseconds, outcome);
        }
        return response;
    }
}
