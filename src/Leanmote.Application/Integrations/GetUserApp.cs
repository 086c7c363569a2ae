using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Integrations;

public static class GetUserApp
{
    public sealed record Query(string UserId, string AppId, QueryParameters Parameters)
        : IQuery<Result<UserAppView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<UserAppView>();
        public AccessRequirement Access => AccessRequirement.All(
            AccessRequirement.MemberOfOwner(ResourceKind.User, UserId), AccessRequirement.MemberOfOwner(ResourceKind.App, AppId));
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>404 when the app id does not parse or the user has no mapping in that app (within the shared organizations).</summary>
    internal sealed class Handler(IAppReader apps, RequestContext request) : IQueryHandler<Query, Result<UserAppView>>
    {
        public async ValueTask<Result<UserAppView>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParse<AppId>(query.AppId, out var app)) return Error.NotFound();
            var mapping = await apps.GetUserAppAsync(PublicId.Parse<UserId>(query.UserId), app, request.Scope, cancellationToken);
            return mapping is null ? Error.NotFound() : mapping;
        }
    }
}
