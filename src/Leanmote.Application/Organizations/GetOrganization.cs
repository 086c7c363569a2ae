using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Organizations;

public static class GetOrganization
{
    public sealed record Query(string OrganizationId, QueryParameters Parameters)
        : IQuery<Result<OrganizationView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<OrganizationView>();
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IOrganizationReader organizations) : IQueryHandler<Query, Result<OrganizationView>>
    {
        public async ValueTask<Result<OrganizationView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var id = PublicId.Parse<OrganizationId>(query.OrganizationId);
            var organization = await organizations.GetAsync(id, cancellationToken);
            return organization is null ? Error.NotFound() : organization;
        }
    }
}
