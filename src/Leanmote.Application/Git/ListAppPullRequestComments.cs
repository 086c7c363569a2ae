using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Git;

/// <summary>The comments of every pull request of the app (rest-api.md "Metric source rows").</summary>
public static class ListAppPullRequestComments
{
    public sealed record Query(string AppId, QueryParameters Parameters)
        : IQuery<Result<Page<PullRequestCommentView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = PullRequestRowSpecs.Comments(acrossApp: true);
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.App, AppId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IGitReader git, RequestContext request) : IQueryHandler<Query, Result<Page<PullRequestCommentView>>>
    {
        public async ValueTask<Result<Page<PullRequestCommentView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var selector = PullRequestSelector.OfApp(PublicId.Parse<AppId>(query.AppId));
            var page = await git.ListCommentsAsync(selector, request.Scope, query.Options, cancellationToken);
            return page is { } p ? Page.Of(p.Rows, p.Total, query.Options) : Error.NotFound();
        }
    }
}
