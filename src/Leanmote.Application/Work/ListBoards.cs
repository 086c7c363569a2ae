using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Mediator;

namespace Leanmote.Application.Work;

public static class ListBoards
{
    internal static readonly string[] Providers =
        ["github", "gitlab", "bitbucket", "azure_devops", "jira", "linear", "clickup", "slack", "google_calendar", "claude_code", "github_copilot", "custom"];

    public sealed record Query(QueryParameters Parameters)
        : IQuery<Result<Page<BoardView>>>, IAuthorizedRequest, IHasQueryOptions<Query>
    {
        public static QuerySpec Spec { get; } = QuerySpec.For<BoardView>()
            .Sortable("created_at")
            .IdFilter<OrganizationId>("organization_id")
            .IdFilter<TeamId>("team_id")
            .EnumFilter("provider", Providers);

        public AccessRequirement Access => AccessRequirement.AnyCaller;
        public QueryOptions Options { get; private init; } = QueryOptions.Unset;
        public Query WithOptions(QueryOptions options) => this with { Options = options };
    }

    internal sealed class Handler(IWorkReader work, RequestContext request) : IQueryHandler<Query, Result<Page<BoardView>>>
    {
        public async ValueTask<Result<Page<BoardView>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (rows, total) = await work.ListBoardsAsync(query.Options, request.Scope, cancellationToken);
            return Page.Of(rows, total, query.Options);
        }
    }
}
