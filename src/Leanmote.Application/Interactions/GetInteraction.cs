using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Interactions;

public static class GetInteraction
{
    public sealed record Query(string InteractionId, QueryParameters Parameters)
        : IQuery<Result<InteractionView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<InteractionView>();
        public AccessRequirement Access => AccessRequirement.PeoplePrivate(ResourceKind.Interaction, InteractionId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IInteractionReader interactions) : IQueryHandler<Query, Result<InteractionView>>
    {
        public async ValueTask<Result<InteractionView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var interaction = await interactions.GetAsync(PublicId.Parse<InteractionId>(query.InteractionId), cancellationToken);
            return interaction is null ? Error.NotFound() : interaction;
        }
    }
}
