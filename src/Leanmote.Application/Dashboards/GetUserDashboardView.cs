using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Dashboards;

public static class GetUserDashboardView
{
    public sealed record Query(string UserId, string ViewId, QueryParameters Parameters)
        : IQuery<Result<DashboardViewView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.Single<DashboardViewView>();
        public AccessRequirement Access => AccessRequirement.All(
            AccessRequirement.SelfOrAdminOf(UserId), AccessRequirement.OwnerOrAdmin(ResourceKind.DashboardView, ViewId));
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>A view that is not that user's (or not in an organization the caller may read it in) answers 404.</summary>
    internal sealed class Handler(IDashboardReader dashboards, RequestContext request) : IQueryHandler<Query, Result<DashboardViewView>>
    {
        public async ValueTask<Result<DashboardViewView>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!PublicId.TryParse<DashboardViewId>(query.ViewId, out var id)) return Error.NotFound();
            var view = await dashboards.GetOwnedAsync(PublicId.Parse<UserId>(query.UserId), id, request.Scope, cancellationToken);
            return view is null ? Error.NotFound() : view;
        }
    }
}
