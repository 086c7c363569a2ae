using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Metrics.Settings;

/// <summary><c>GET /v1/organizations/{organization_id}/metric-settings</c> (metrics.md §9.1): any member.</summary>
public static class GetMetricSettings
{
    public sealed record Query(string OrganizationId, QueryParameters Parameters)
        : IQuery<Result<MetricSettingsView>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec => QuerySpec.None;
        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IMetricSettingsStore store) : IQueryHandler<Query, Result<MetricSettingsView>>
    {
        public async ValueTask<Result<MetricSettingsView>> Handle(Query query, CancellationToken cancellationToken) =>
            await store.GetAsync(PublicId.Parse<OrganizationId>(query.OrganizationId), cancellationToken);
    }
}
