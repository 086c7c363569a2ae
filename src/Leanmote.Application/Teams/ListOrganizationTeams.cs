using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Teams;

public static class ListOrganizationTeams
{
    public sealed record Query(string OrganizationId, QueryParameters Parameters)
        : IQuery<Result<Page<TeamView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = TeamSpecs.Teams(organizationFilter: false);
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>The scope authorization set is exactly the named organization.</summary>
    internal sealed class Handler(ITeamReader teams, RequestContext request) : IQueryHandler<Query, Result<Page<TeamView>>>
    {
        public async ValueTask<Result<Page<TeamView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await teams.ListAsync(request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
