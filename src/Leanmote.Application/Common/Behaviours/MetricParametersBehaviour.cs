using Leanmote.Application.Common.Results;
using Leanmote.Application.Metrics.Engine;
using Mediator;

namespace Leanmote.Application.Common.Behaviours;

/// <summary>
/// Applies metrics.md §2 to a metrics request before its handler (and before any SQL): every problem at once, or
/// an enriched copy carrying the parsed parameters.
/// </summary>
internal sealed class MetricParametersBehaviour<TMessage, TResponse>(TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMetricRequest<TMessage>, IMessage
    where TResponse : IFailable<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var input = message.Input;
        var parsed = MetricParametersParser.Parse(message.Route, input.Arguments, clock.GetUtcNow(), input.IsPost, input.PostQuery);
        if (!parsed.IsSuccess) return TResponse.Fail(parsed.Error);
        return await next(message.WithParameters(parsed.Value), cancellationToken);
    }
}
