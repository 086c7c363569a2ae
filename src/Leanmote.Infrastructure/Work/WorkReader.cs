using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Work;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Work;

internal sealed class WorkReader(NpgsqlDataSource db, DbRetry retry) : IWorkReader
{
    private const string BoardSelect = "b.id, b.organization_id, b.app_id, b.team_id, b.key, b.name, b.provider, b.created_at";
    private const string BoardFrom = "FROM boards b WHERE b.organization_id = ANY(@OrganizationIds)";

    internal static readonly ColumnMap BoardColumns = new(tieBreak: "b.id")
    {
        ["created_at"] = "b.created_at",
        ["organization_id"] = "b.organization_id",
        ["team_id"] = "b.team_id",
        ["provider"] = "b.provider",
    };

    private const string TaskSelect = """
        t.id, t.board_id, t.team_id, t.key, t.title, t.type, t.status, t.status_category, t.priority, t.assignee_id,
        t.reporter_id, t.parent_id, t.sprint_id, t.story_points, t.estimate_hours, t.logged_hours,
        to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.created_at, t.started_at, t.completed_at, t.updated_at
        """;
    private const string TaskFrom = "FROM tasks t WHERE t.organization_id = ANY(@OrganizationIds)";
    private const string BoardTaskFrom = "FROM tasks t WHERE t.organization_id = ANY(@OrganizationIds) AND t.board_id = @BoardId";
    private const string TeamTaskFrom = "FROM tasks t WHERE t.organization_id = ANY(@OrganizationIds) AND t.team_id = @TeamId";

    internal static readonly ColumnMap TaskColumns = new(tieBreak: "t.id")
    {
        ["created_at"] = "t.created_at",
        ["updated_at"] = "t.updated_at",
        ["completed_at"] = "t.completed_at",
        ["key"] = "t.key",
        ["board_id"] = "t.board_id",
        ["team_id"] = "t.team_id",
        ["assignee_id"] = "t.assignee_id",
        ["type"] = "t.type",
        ["status_category"] = "t.status_category",
        ["sprint_id"] = "t.sprint_id",
    };

    private const string GetTaskSql = $"""
        SELECT {TaskSelect} FROM tasks t WHERE t.id = @Id;
        SELECT h.from_status, h.to_status, h.changed_at, h.changed_by_id AS changed_by
        FROM task_status_changes h
        WHERE h.task_id = @Id AND h.organization_id = (SELECT organization_id FROM tasks WHERE id = @Id)
        ORDER BY h.changed_at, h.id;
        """;

    public Task<(IReadOnlyList<BoardView> Rows, long Total)> ListBoardsAsync(QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(BoardSelect, BoardFrom, BoardColumns, options);
            list = list.ScopedTo(organizationIds);
            return DbReading.ReadPageAsync<BoardView>(db, list, token);
        }, ct);

    public Task<(IReadOnlyList<TaskView> Rows, long Total)> ListTasksAsync(QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        ListTasksAsync(TaskFrom, options, organizationIds, null, ct);

    public Task<(IReadOnlyList<TaskView> Rows, long Total)> ListBoardTasksAsync(BoardId board, QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        ListTasksAsync(BoardTaskFrom, options, organizationIds, p => p.Add("BoardId", board.Value), ct);

    public Task<(IReadOnlyList<TaskView> Rows, long Total)> ListTeamTasksAsync(TeamId team, QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        ListTasksAsync(TeamTaskFrom, options, organizationIds, p => p.Add("TeamId", team.Value), ct);

    public Task<TaskDetailView?> GetTaskAsync(TaskId id, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(GetTaskSql, new { Id = id.Value }, cancellationToken: token));
            var task = await grid.ReadSingleOrDefaultAsync<TaskView>();
            var history = (await grid.ReadAsync<StatusChangeView>()).AsList();
            return task is null ? null : TaskDetailView.Of(task, history);
        }, ct);

    private Task<(IReadOnlyList<TaskView> Rows, long Total)> ListTasksAsync(
        string fromWhere, QueryOptions options, IReadOnlyList<long> organizationIds, Action<DynamicParameters>? bind, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(TaskSelect, fromWhere, TaskColumns, options);
            list = list.ScopedTo(organizationIds);
            bind?.Invoke(list.Parameters);
            return DbReading.ReadPageAsync<TaskView>(db, list, token);
        }, ct);
}
