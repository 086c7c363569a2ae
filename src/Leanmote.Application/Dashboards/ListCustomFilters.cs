using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Mediator;

namespace Leanmote.Application.Dashboards;

public static class ListCustomFilters
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<CustomFilterView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<CustomFilterView>().Sortable("created_at");
        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IDashboardReader dashboards, RequestContext request) : IQueryHandler<Query, Result<Page<CustomFilterView>>>
    {
        public async ValueTask<Result<Page<CustomFilterView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await dashboards.ListCustomFiltersAsync(query.Options, request.Scope, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
