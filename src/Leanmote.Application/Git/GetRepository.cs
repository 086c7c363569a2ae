using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Git;

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
