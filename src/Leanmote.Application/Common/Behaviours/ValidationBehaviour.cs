using System.Text.Json;
using FluentValidation;
using Leanmote.Application.Common.Results;
using Mediator;

namespace Leanmote.Application.Common.Behaviours;

/// <summary>Runs the message's FluentValidation validators; failures become VALIDATION_ERROR with API field names.</summary>
internal sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IFailable<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        List<ErrorDetail>? details = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                (details ??= []).Add(new ErrorDetail(ApiName(failure.PropertyName), failure.ErrorMessage));
            }
        }
        return details is null ? await next(message, cancellationToken) : TResponse.Fail(Error.Validation(details));
    }

    private static string ApiName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
}
