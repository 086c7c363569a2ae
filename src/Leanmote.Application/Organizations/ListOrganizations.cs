using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;

namespace Leanmote.Application.Organizations;

public static class ListOrganizations
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<OrganizationView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<OrganizationView>().Sortable("created_at", "name");
        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IOrganizationReader organizations, RequestContext request)
        : IQueryHandler<Query, Result<Page<OrganizationView>>>
    {
        public async ValueTask<Result<Page<OrganizationView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await organizations.ListAsync(request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
