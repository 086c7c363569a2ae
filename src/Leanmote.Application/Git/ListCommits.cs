using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Git;

public static class ListCommits
{
    public sealed record Query(string AppId, string RepositoryId, QueryParameters Parameters)
        : IQuery<Result<Page<CommitView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<CommitView>().Sortable("created_at", "committed_at")
            .IdFilter<UserId>("author_id").TimestampFilter("committed_at").TimestampFilter("created_at");
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.App, AppId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IGitReader git, RequestContext request) : IQueryHandler<Query, Result<Page<CommitView>>>
    {
        public async ValueTask<Result<Page<CommitView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!RepositoryPath.TryParse(PublicId.Parse<AppId>(query.AppId), query.RepositoryId, out var selector)) return Error.NotFound();
            var page = await git.ListCommitsAsync(selector, request.Scope, query.Options, cancellationToken);
            return page is { } p ? Page.Of(p.Rows, p.Total, query.Options) : Error.NotFound();
        }
    }
}
