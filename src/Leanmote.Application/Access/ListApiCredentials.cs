using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Access;

public static class ListApiCredentials
{
    public sealed record Query(string UserId, QueryParameters Parameters)
        : IQuery<Result<Page<CredentialView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<CredentialView>()
            .Sortable("created_at", "expires_at", "last_used_at")
            .BooleanFilter("is_active")
            .TimestampFilter("created_at")
            .TimestampFilter("expires_at")
            .TimestampFilter("last_used_at");

        public AccessRequirement Access => AccessRequirement.SelfOrAdminOf(UserId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IApiCredentialStore credentials) : IQueryHandler<Query, Result<Page<CredentialView>>>
    {
        public async ValueTask<Result<Page<CredentialView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await credentials.ListAsync(PublicId.Parse<UserId>(query.UserId), query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
