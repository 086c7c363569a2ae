using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Integrations;

public static class ListUserApps
{
    public sealed record Query(string UserId, QueryParameters Parameters)
        : IQuery<Result<Page<UserAppView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<UserAppView>()
            .Sortable("created_at")
            .EnumFilter("provider", IntegrationSpecs.Providers)
            .IdFilter<AppId>("app_id");

        /// <summary>The scope becomes the organizations the user shares with the caller.</summary>
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.User, UserId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IAppReader apps, RequestContext request) : IQueryHandler<Query, Result<Page<UserAppView>>>
    {
        public async ValueTask<Result<Page<UserAppView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = PublicId.Parse<UserId>(query.UserId);
            var (rows, total) = await apps.ListUserAppsAsync(user, request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
