using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Teams;

public static class ListTeamMembers
{
    public sealed record Query(string TeamId, QueryParameters Parameters)
        : IQuery<Result<Page<TeamMemberView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = TeamSpecs.Members(roleFilter: true);
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Team, TeamId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITeamReader teams, RequestContext request) : IQueryHandler<Query, Result<Page<TeamMemberView>>>
    {
        public async ValueTask<Result<Page<TeamMemberView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var team = PublicId.Parse<TeamId>(query.TeamId);
            var (rows, total) = await teams.ListMembersAsync(team, managersOnly: false, request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
