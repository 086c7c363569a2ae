using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Git;

public static class ListGitApps
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<GitAppView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<GitAppView>().Sortable("created_at", "name")
            .IdFilter<OrganizationId>("organization_id").EnumFilter("provider", "github", "gitlab", "bitbucket", "azure_devops").BooleanFilter("is_active");
        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IGitReader git, RequestContext request) : IQueryHandler<Query, Result<Page<GitAppView>>>
    {
        public async ValueTask<Result<Page<GitAppView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await git.ListAppsAsync(request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
