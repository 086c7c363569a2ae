using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Git;

/// <summary>The comments of one pull request (rest-api.md "Metric source rows"); 404 when the pull request is not in that repository of the app.</summary>
public static class ListPullRequestComments
{
    public sealed record Query(string AppId, string RepositoryId, string PullRequestId, QueryParameters Parameters)
        : IQuery<Result<Page<PullRequestCommentView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = PullRequestRowSpecs.Comments(acrossApp: false);
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.App, AppId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IGitReader git, RequestContext request) : IQueryHandler<Query, Result<Page<PullRequestCommentView>>>
    {
        public async ValueTask<Result<Page<PullRequestCommentView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!PullRequestSelector.TryParse(PublicId.Parse<AppId>(query.AppId), query.RepositoryId, query.PullRequestId, out var selector)) return Error.NotFound();
            var page = await git.ListCommentsAsync(selector, request.Scope, query.Options, cancellationToken);
            return page is { } p ? Page.Of(p.Rows, p.Total, query.Options) : Error.NotFound();
        }
    }
}
