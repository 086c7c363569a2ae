using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Teams;

public static class ListUserTeams
{
    public sealed record Query(string UserId, QueryParameters Parameters)
        : IQuery<Result<Page<UserTeamView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<UserTeamView>()
            .Sortable("created_at", "name", "joined_at")
            .IdFilter<OrganizationId>("organization_id")
            .IdFilter<TeamId>("parent_team_id")
            .EnumFilter("team_role", TeamSpecs.TeamRoles);

        /// <summary>The scope becomes the organizations the user shares with the caller.</summary>
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.User, UserId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITeamReader teams, RequestContext request) : IQueryHandler<Query, Result<Page<UserTeamView>>>
    {
        public async ValueTask<Result<Page<UserTeamView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = PublicId.Parse<UserId>(query.UserId);
            var (rows, total) = await teams.ListOfUserAsync(user, request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
