using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Metrics.Settings;

/// <summary><c>GET /v1/organizations/{organization_id}/metric-settings/audit</c> (metrics.md §9.1): admins; newest first.</summary>
public static class ListMetricSettingsAudit
{
    public sealed record Query(string OrganizationId, QueryParameters Parameters)
        : IQuery<Result<Page<MetricSettingChangeView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<MetricSettingChangeView>()
            .Sortable("changed_at")
            .DefaultSortBy("changed_at")
            .TextFilter("key")
            .IdFilter<UserId>("changed_by");

        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Admin);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IMetricSettingsStore store) : IQueryHandler<Query, Result<Page<MetricSettingChangeView>>>
    {
        public async ValueTask<Result<Page<MetricSettingChangeView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await store.ListChangesAsync(PublicId.Parse<OrganizationId>(query.OrganizationId), query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
