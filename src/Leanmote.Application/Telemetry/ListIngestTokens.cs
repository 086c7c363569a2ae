using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Access;
using Mediator;

namespace Leanmote.Application.Telemetry;

public static class ListIngestTokens
{
    public sealed record Query(string OrganizationId, QueryParameters Parameters)
        : IQuery<Result<Page<IngestTokenView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<IngestTokenView>()
            .Sortable("created_at", "expires_at", "last_used_at", "name")
            .BooleanFilter("is_active")
            .TimestampFilter("created_at")
            .TimestampFilter("expires_at")
            .TimestampFilter("last_used_at");

        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.Organization, OrganizationId, OrganizationRole.Admin);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    /// <summary>The scope authorization set is exactly the named organization.</summary>
    internal sealed class Handler(IIngestTokenStore tokens, RequestContext request) : IQueryHandler<Query, Result<Page<IngestTokenView>>>
    {
        public async ValueTask<Result<Page<IngestTokenView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await tokens.ListAsync(request.Scope[0], query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
