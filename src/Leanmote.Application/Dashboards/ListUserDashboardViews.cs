using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Dashboards;

public static class ListUserDashboardViews
{
    public sealed record Query(string UserId, QueryParameters Parameters)
        : IQuery<Result<Page<DashboardViewView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<DashboardViewView>().Sortable("created_at");

        /// <summary>Visible to that user and to admins of the user's organizations (rest-api.md §4).</summary>
        public AccessRequirement Access => AccessRequirement.SelfOrAdminOf(UserId);

        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IDashboardReader dashboards, RequestContext request) : IQueryHandler<Query, Result<Page<DashboardViewView>>>
    {
        public async ValueTask<Result<Page<DashboardViewView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var owner = PublicId.Parse<UserId>(query.UserId);
            var (rows, total) = await dashboards.ListOwnedAsync(owner, query.Options, request.Scope, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
