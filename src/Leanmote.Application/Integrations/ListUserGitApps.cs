using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Integrations;

public static class ListUserGitApps
{
    public sealed record Query(string UserId, QueryParameters Parameters)
        : IQuery<Result<Page<AppView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<AppView>()
            .Sortable("created_at", "name")
            .IdFilter<OrganizationId>("organization_id")
            .EnumFilter("provider", "github", "gitlab", "bitbucket", "azure_devops")
            .BooleanFilter("is_active");

        public AccessRequirement Access => AccessRequirement.MemberOfOwner(ResourceKind.User, UserId);
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IAppReader apps, RequestContext request) : IQueryHandler<Query, Result<Page<AppView>>>
    {
        public async ValueTask<Result<Page<AppView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = PublicId.Parse<UserId>(query.UserId);
            var (rows, total) = await apps.ListUserGitAppsAsync(user, request.Scope, query.Options, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
