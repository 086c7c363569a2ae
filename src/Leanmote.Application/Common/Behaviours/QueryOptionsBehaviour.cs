using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Mediator;

namespace Leanmote.Application.Common.Behaviours;

/// <summary>Parses the request's query parameters against its static spec and passes an enriched copy on.</summary>
internal sealed class QueryOptionsBehaviour<TMessage, TResponse>(RequestContext request)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IHasQueryOptions<TMessage>, IMessage
    where TResponse : IFailable<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var parsed = QueryOptionsParser.Parse(TMessage.Spec, message.Parameters);
        if (!parsed.IsSuccess) return TResponse.Fail(parsed.Error);
        request.Fields = parsed.Value.Fields;
        return await next(message.WithOptions(parsed.Value), cancellationToken);
    }
}
