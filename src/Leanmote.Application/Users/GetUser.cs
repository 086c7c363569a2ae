using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Users;

public static class GetUser
{
    public sealed record Query(string UserId, QueryParameters Parameters)
        : IQuery<Result<UserView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<UserView>();

        /// <summary>Visible when the user shares an organization with the caller (else 403); the caller always sees themselves.</summary>
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.User, UserId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IUserReader users) : IQueryHandler<Query, Result<UserView>>
    {
        public async ValueTask<Result<UserView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = await users.GetAsync(PublicId.Parse<UserId>(query.UserId), cancellationToken);
            return user is null ? Error.NotFound() : user;
        }
    }
}
