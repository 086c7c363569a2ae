using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Integrations;

public static class ListApps
{
    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<AppView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = IntegrationSpecs.Apps(organizationFilter: true);
        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IAppReader apps, RequestContext request) : IQueryHandler<Query, Result<Page<AppView>>>
    {
        public async ValueTask<Result<Page<AppView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await apps.ListAsync(request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
