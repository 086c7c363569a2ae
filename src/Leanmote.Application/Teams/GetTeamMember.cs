using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Teams;

public static class GetTeamMember
{
    public sealed record Query(string TeamId, string UserId, QueryParameters Parameters)
        : IQuery<Result<TeamMemberView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<TeamMemberView>();
        public AccessRequirement Access => AccessRequirement.All(
            AccessRequirement.MemberOfOwner(ResourceKind.Team, TeamId), AccessRequirement.MemberOfOwner(ResourceKind.User, UserId));
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>404 when the user id does not parse or the user is not in the team.</summary>
    internal sealed class Handler(ITeamReader teams, RequestContext request) : IQueryHandler<Query, Result<TeamMemberView>>
    {
        public async ValueTask<Result<TeamMemberView>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParse<UserId>(query.UserId, out var user)) return Error.NotFound();
            var member = await teams.GetMemberAsync(PublicId.Parse<TeamId>(query.TeamId), user, request.Scope, cancellationToken);
            return member is null ? Error.NotFound() : member;
        }
    }
}
