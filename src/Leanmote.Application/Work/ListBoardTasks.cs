using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Work;

public static class ListBoardTasks
{
    public sealed record Query(string BoardId, QueryParameters Parameters)
        : IQuery<Result<Page<TaskView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = TaskSpecs.Tasks(boardFilter: false);
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Board, BoardId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IWorkReader work, RequestContext request) : IQueryHandler<Query, Result<Page<TaskView>>>
    {
        public async ValueTask<Result<Page<TaskView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var board = PublicId.Parse<BoardId>(query.BoardId);
            var (rows, total) = await work.ListBoardTasksAsync(board, query.Options, request.Scope, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
