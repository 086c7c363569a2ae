using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Dashboards;

public static class GetDashboardView
{
    public sealed record Query(string ViewId, QueryParameters Parameters)
        : IQuery<Result<DashboardViewView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<DashboardViewView>();

        /// <summary>A private view of someone else is 403, except for admins of its organization.</summary>
        public AccessRequirement Access => AccessRequirement.OwnerOrAdmin(ResourceKind.DashboardView, ViewId);

        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IDashboardReader dashboards) : IQueryHandler<Query, Result<DashboardViewView>>
    {
        public async ValueTask<Result<DashboardViewView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var view = await dashboards.GetAsync(PublicId.Parse<DashboardViewId>(query.ViewId), cancellationToken);
            return view is null ? Error.NotFound() : view;
        }
    }
}
