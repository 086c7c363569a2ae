using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Teams;

public static class ListTeams
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<TeamView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = TeamSpecs.Teams(organizationFilter: true);
        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITeamReader teams, RequestContext request) : IQueryHandler<Query, Result<Page<TeamView>>>
    {
        public async ValueTask<Result<Page<TeamView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await teams.ListAsync(request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
