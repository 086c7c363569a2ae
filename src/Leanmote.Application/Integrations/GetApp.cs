using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Integrations;

public static class GetApp
{
    public sealed record Query(string AppId, QueryParameters Parameters)
        : IQuery<Result<AppView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<AppView>();
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.App, AppId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IAppReader apps, RequestContext request) : IQueryHandler<Query, Result<AppView>>
    {
        public async ValueTask<Result<AppView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var app = await apps.GetAsync(PublicId.Parse<AppId>(query.AppId), request.Scope, cancellationToken);
            return app is null ? Error.NotFound() : app;
        }
    }
}
