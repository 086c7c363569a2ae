using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary><c>GET /v1/organizations/{organization_id}/telemetry-identities</c> (otel.md §8.4): admins and managers.</summary>
public static class ListTelemetryIdentities
{
    public sealed record Query(string OrganizationId, QueryParameters Parameters)
        : IQuery<Result<Page<TelemetryIdentityView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<TelemetryIdentityView>()
            .Sortable("last_seen_at", "first_seen_at")
            .DefaultSortBy("last_seen_at")
            .EnumFilter("source", "claude_code", "otel")
            .IdFilter<UserId>("user_id")
            .BooleanFilter("matched")
            .TextFilter("email");

        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Manager);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(ITelemetryReader telemetry, RequestContext request) : IQueryHandler<Query, Result<Page<TelemetryIdentityView>>>
    {
        public async ValueTask<Result<Page<TelemetryIdentityView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            // stored emails are lower-cased (§8.1), so the filter compares lower-case too
            var options = query.Options with
            {
                Filters = [.. query.Options.Filters.Select(f => f.Field == "email" ? f with { Value = ((string)f.Value).Trim().ToLowerInvariant() } : f)],
            };
            var (rows, total) = await telemetry.ListIdentitiesAsync(request.Scope[0], options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
