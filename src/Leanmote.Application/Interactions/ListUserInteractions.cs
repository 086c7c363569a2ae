using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Interactions;

public static class ListUserInteractions
{
    public sealed record Query(string UserId, QueryParameters Parameters)
        : IQuery<Result<Page<InteractionView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = InteractionSpecs.Interactions();
        public AccessRequirement Access => AccessRequirement.PeoplePrivateList(AccessRequirement.MemberOfOwner(ResourceKind.User, UserId));
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IInteractionReader interactions, RequestContext request) : IQueryHandler<Query, Result<Page<InteractionView>>>
    {
        public async ValueTask<Result<Page<InteractionView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = PublicId.Parse<UserId>(query.UserId);
            var (rows, total) = await interactions.ListOfUserAsync(user, query.Options, request.Scope, request.People, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
