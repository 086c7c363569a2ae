using Leanmote.Application.Common.Idempotency;
using Leanmote.Application.Common.Results;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Leanmote.Application.Common.Behaviours;

/// <summary>
/// Makes writes that opt in with <see cref="IIdempotentCommand"/> replay-safe (rest-api.md §7, adr/0011). The key
/// belongs to the write's organization and the caller. The first request claims the key (a pending row) before
/// its handler runs, so a concurrent duplicate never runs too: it gets 409 while the first is in flight, the
/// stored response afterwards. A different request under a used key is 409. Only successes are stored; a
/// failed request releases its key so the client can fix the cause and retry with it.
/// </summary>
internal sealed class IdempotencyBehaviour<TMessage, TResponse>(
    IIdempotencyStore store,
    IResponseCodec codec,
    RequestContext request,
    TimeProvider clock,
    ILogger<IdempotencyBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IIdempotentCommand, IMessage
    where TResponse : IFailable<TResponse>, IReplayable<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message.IdempotencyKey is not { } key) return await next(message, cancellationToken);
        if (!IdempotencyKeys.IsValid(key))
            return TResponse.Fail(Error.Validation("Idempotency-Key", $"must be 1 to {IdempotencyKeys.MaxLength} printable ASCII characters"));

        var scope = request.Scope;
        var entry = new IdempotencyEntry(
            scope.Count == 1 ? scope[0] : 0,
            request.RequireCaller().UserId.Value,
            key,
            typeof(TMessage).FullName ?? typeof(TMessage).Name,
            IdempotencyKeys.Fingerprint(message));
        var now = clock.GetUtcNow();
        var claim = await store.ClaimAsync(entry, now, now - IdempotencyKeys.Lifetime, now - IdempotencyKeys.AbandonedAfter, cancellationToken);
        switch (claim)
        {
            case IdempotencyClaim.Completed stored:
                return TResponse.Restore(codec.Decode(stored.Body, TResponse.ValueType));
            case IdempotencyClaim.Mismatch:
                return TResponse.Fail(Error.Conflict("This Idempotency-Key was already used with a different request"));
            case IdempotencyClaim.InProgress:
                return TResponse.Fail(Error.Conflict("A request with this Idempotency-Key is still being processed; retry shortly"));
        }

        var settled = false;
        try
        {
            var response = await next(message, cancellationToken);
            if (response.SuccessValue is not { } value)
            {
                await store.ReleaseAsync(entry, cancellationToken);
                settled = true;
                return response;
            }
            // The write committed: from here the key is never released, so a retry can never run it again (ADR 0056).
            settled = true;
            var (status, json) = codec.Encode(value, TResponse.ValueType);
            try
            {
                await store.CompleteAsync(entry, status, json, CancellationToken.None);   // a client that hung up must not stop it
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A write under an Idempotency-Key committed but its response could not be stored; the key stays claimed");
            }
            return response;
        }
        finally
        {
            // An exception (a bug, the database going away): give the key back rather than wait for it to go stale.
            if (!settled) await store.ReleaseAsync(entry, CancellationToken.None);
        }
    }
}
