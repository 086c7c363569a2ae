using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Users;

public static class ListUserOrganizations
{
    public sealed record Query(string UserId, QueryParameters Parameters)
        : IQuery<Result<Page<UserOrganizationView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<UserOrganizationView>()
            .Sortable("created_at", "name")
            .EnumFilter("role", "admin", "manager", "collaborator");

        /// <summary>The scope becomes the user's organizations that the caller also belongs to.</summary>
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.User, UserId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IUserReader users, RequestContext request) : IQueryHandler<Query, Result<Page<UserOrganizationView>>>
    {
        public async ValueTask<Result<Page<UserOrganizationView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = PublicId.Parse<UserId>(query.UserId);
            var (rows, total) = await users.ListOrganizationsAsync(user, request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
