using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Users;

public static class ListUsers
{
    /// <summary>Filters the reader applies itself (a user has many organizations and teams); the rest go through ListSql.</summary>
    private static readonly string[] MembershipFilters = ["organization_id", "team_id", "email"];

    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<UserView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<UserView>()
            .Sortable("created_at", "name", "email")
            .IdFilter<OrganizationId>("organization_id")
            .IdFilter<TeamId>("team_id")
            .BooleanFilter("is_active")
            .TextFilter("email");

        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IUserReader users, RequestContext request) : IQueryHandler<Query, Result<Page<UserView>>>
    {
        public async ValueTask<Result<Page<UserView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var filters = query.Options.Filters;
            object? Value(string field) => filters.FirstOrDefault(f => f.Field == field)?.Value;
            var filter = new UserFilter((long?)Value("organization_id"), (long?)Value("team_id"), (string?)Value("email"));
            var rest = query.Options with { Filters = [.. filters.Where(f => !MembershipFilters.Contains(f.Field))] };
            var (rows, total) = await users.ListAsync(request.Scope, filter, rest, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
