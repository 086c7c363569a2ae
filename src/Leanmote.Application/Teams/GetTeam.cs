using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Teams;

public static class GetTeam
{
    public sealed record Query(string TeamId, QueryParameters Parameters)
        : IQuery<Result<TeamView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<TeamView>();
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Team, TeamId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITeamReader teams, RequestContext request) : IQueryHandler<Query, Result<TeamView>>
    {
        public async ValueTask<Result<TeamView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var team = await teams.GetAsync(PublicId.Parse<TeamId>(query.TeamId), request.Scope, cancellationToken);
            return team is null ? Error.NotFound() : team;
        }
    }
}
