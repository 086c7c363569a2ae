using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Work;

public static class GetTask
{
    public sealed record Query(string TaskId, QueryParameters Parameters)
        : IQuery<Result<TaskDetailView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<TaskDetailView>();
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Task, TaskId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IWorkReader work) : IQueryHandler<Query, Result<TaskDetailView>>
    {
        public async ValueTask<Result<TaskDetailView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var task = await work.GetTaskAsync(PublicId.Parse<TaskId>(query.TaskId), cancellationToken);
            return task is null ? Error.NotFound() : task;
        }
    }
}
