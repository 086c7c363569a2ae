using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Organizations;

public static class ListOrganizationMembers
{
    public sealed record Query(string OrganizationId, QueryParameters Parameters)
        : IQuery<Result<Page<MemberView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<MemberView>()
            .Sortable("created_at", "name", "email")
            .EnumFilter("role", "admin", "manager", "collaborator")
            .BooleanFilter("is_active");

        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IOrganizationReader organizations) : IQueryHandler<Query, Result<Page<MemberView>>>
    {
        public async ValueTask<Result<Page<MemberView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var id = PublicId.Parse<OrganizationId>(query.OrganizationId);
            var (rows, total) = await organizations.ListMembersAsync(id, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
