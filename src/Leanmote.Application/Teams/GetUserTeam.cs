using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Teams;

public static class GetUserTeam
{
    public sealed record Query(string UserId, string TeamId, QueryParameters Parameters)
        : IQuery<Result<UserTeamView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<UserTeamView>();
        public AccessRequirement Access => AccessRequirement.All(
            AccessRequirement.MemberOfOwner(ResourceKind.User, UserId), AccessRequirement.MemberOfOwner(ResourceKind.Team, TeamId));
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>404 when the team id does not parse or the user has no relation to that team in the shared organizations.</summary>
    internal sealed class Handler(ITeamReader teams, RequestContext request) : IQueryHandler<Query, Result<UserTeamView>>
    {
        public async ValueTask<Result<UserTeamView>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParse<TeamId>(query.TeamId, out var team)) return Error.NotFound();
            var relation = await teams.GetOfUserAsync(PublicId.Parse<UserId>(query.UserId), team, request.Scope, cancellationToken);
            return relation is null ? Error.NotFound() : relation;
        }
    }
}
