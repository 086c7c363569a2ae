using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Scim.Tokens;

public static class ListScimTokens
{
    public sealed record Query(string OrganizationId, QueryParameters Parameters)
        : IQuery<Result<Page<ScimTokenView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<ScimTokenView>()
            .Sortable("created_at", "expires_at", "last_used_at")
            .BooleanFilter("is_active")
            .TimestampFilter("created_at");

        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Admin);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IScimTokenStore tokens) : IQueryHandler<Query, Result<Page<ScimTokenView>>>
    {
        public async ValueTask<Result<Page<ScimTokenView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await tokens.ListAsync(PublicId.Parse<OrganizationId>(query.OrganizationId), query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
