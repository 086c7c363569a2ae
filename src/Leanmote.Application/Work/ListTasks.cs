using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;

namespace Leanmote.Application.Work;

public static class ListTasks
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<TaskView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = TaskSpecs.Tasks();
        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IWorkReader work, RequestContext request) : IQueryHandler<Query, Result<Page<TaskView>>>
    {
        public async ValueTask<Result<Page<TaskView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await work.ListTasksAsync(query.Options, request.Scope, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
