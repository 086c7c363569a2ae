using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Work;

public static class ListTeamTasks
{
    public sealed record Query(string TeamId, QueryParameters Parameters)
        : IQuery<Result<Page<TaskView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = TaskSpecs.Tasks(teamFilter: false);
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Team, TeamId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IWorkReader work, RequestContext request) : IQueryHandler<Query, Result<Page<TaskView>>>
    {
        public async ValueTask<Result<Page<TaskView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var team = PublicId.Parse<TeamId>(query.TeamId);
            var (rows, total) = await work.ListTeamTasksAsync(team, query.Options, request.Scope, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
