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

public static class GetRepository
{
    public sealed record Query(string AppId, string RepositoryId, QueryParameters Parameters)
        : IQuery<Result<RepositoryView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<RepositoryView>();
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.App, AppId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IGitReader git, RequestContext request) : IQueryHandler<Query, Result<RepositoryView>>
    {
        public async ValueTask<Result<RepositoryView>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParse<RepositoryId>(query.RepositoryId, out var repository)) return Error.NotFound();
            var found = await git.GetRepositoryAsync(PublicId.Parse<AppId>(query.AppId), repository, request.Scope, cancellationToken);
            return found is null ? Error.NotFound() : found;
        }
    }
}

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

public static class ListPullRequests
{
    public sealed record Query(string AppId, string RepositoryId, QueryParameters Parameters)
        : IQuery<Result<Page<PullRequestView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<PullRequestView>().Sortable("created_at", "opened_at", "merged_at", "number")
            .EnumFilter("state", "open", "closed", "merged").IdFilter<UserId>("author_id").BooleanFilter("is_ai_assisted")
            .TimestampFilter("opened_at").TimestampFilter("merged_at").TimestampFilter("created_at");
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.App, AppId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IGitReader git, RequestContext request) : IQueryHandler<Query, Result<Page<PullRequestView>>>
    {
        public async ValueTask<Result<Page<PullRequestView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!RepositoryPath.TryParse(PublicId.Parse<AppId>(query.AppId), query.RepositoryId, out var selector)) return Error.NotFound();
            var page = await git.ListPullRequestsAsync(selector, request.Scope, query.Options, cancellationToken);
            return page is { } p ? Page.Of(p.Rows, p.Total, query.Options) : Error.NotFound();
        }
    }
}
