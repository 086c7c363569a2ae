using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Git;

public static class ListRepositories
{
    public sealed record Query(string AppId, QueryParameters Parameters)
        : IQuery<Result<Page<RepositoryView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<RepositoryView>().Sortable("created_at", "name")
            .IdFilter<TeamId>("team_id").BooleanFilter("is_private");
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.App, AppId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IGitReader git, RequestContext request) : IQueryHandler<Query, Result<Page<RepositoryView>>>
    {
        public async ValueTask<Result<Page<RepositoryView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var page = await git.ListRepositoriesAsync(PublicId.Parse<AppId>(query.AppId), request.Scope, query.Options, cancellationToken);
            return page is { } p ? Page.Of(p.Rows, p.Total, query.Options) : Error.NotFound();
        }
    }
}
