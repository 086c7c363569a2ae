using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Work;

public sealed record BoardView(
    BoardId Id,
    OrganizationId OrganizationId,
    AppId AppId,
    TeamId? TeamId,
    string Key,
    string Name,
    string Provider,
    DateTimeOffset CreatedAt);

/// <summary>A task as listed. <c>due_date</c> is a plain date (<c>YYYY-MM-DD</c>).</summary>
public sealed record TaskView(
    TaskId Id,
    BoardId BoardId,
    TeamId? TeamId,
    string Key,
    string Title,
    string Type,
    string Status,
    string StatusCategory,
    string? Priority,
    UserId? AssigneeId,
    UserId? ReporterId,
    TaskId? ParentId,
    SprintId? SprintId,
    decimal? StoryPoints,
    decimal? EstimateHours,
    decimal LoggedHours,
    string? DueDate,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset UpdatedAt);

public sealed record StatusChangeView(string? FromStatus, string ToStatus, DateTimeOffset ChangedAt, UserId? ChangedBy);

/// <summary>One task with its status history, oldest change first.</summary>
public sealed record TaskDetailView(
    TaskId Id,
    BoardId BoardId,
    TeamId? TeamId,
    string Key,
    string Title,
    string Type,
    string Status,
    string StatusCategory,
    string? Priority,
    UserId? AssigneeId,
    UserId? ReporterId,
    TaskId? ParentId,
    SprintId? SprintId,
    decimal? StoryPoints,
    decimal? EstimateHours,
    decimal LoggedHours,
    string? DueDate,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StatusChangeView> StatusHistory)
{
    public static TaskDetailView Of(TaskView t, IReadOnlyList<StatusChangeView> history) => new(
        t.Id, t.BoardId, t.TeamId, t.Key, t.Title, t.Type, t.Status, t.StatusCategory, t.Priority, t.AssigneeId, t.ReporterId,
        t.ParentId, t.SprintId, t.StoryPoints, t.EstimateHours, t.LoggedHours, t.DueDate, t.CreatedAt, t.StartedAt,
        t.CompletedAt, t.UpdatedAt, history);
}

/// <summary>Filters and sorts shared by every task list (rest-api.md §7 Tasks).</summary>
internal static class TaskSpecs
{
    public static QuerySpec Tasks(bool boardFilter = true, bool teamFilter = true)
    {
        var spec = QuerySpec.For<TaskView>().Sortable("created_at", "updated_at", "completed_at", "key");
        if (boardFilter) spec.IdFilter<BoardId>("board_id");
        if (teamFilter) spec.IdFilter<TeamId>("team_id");
        return spec
            .IdFilter<UserId>("assignee_id")
            .EnumFilter("type", "story", "bug", "task", "epic", "subtask", "other")
            .EnumFilter("status_category", "todo", "in_progress", "done")
            .IdFilter<SprintId>("sprint_id")
            .TimestampFilter("created_at")
            .TimestampFilter("completed_at");
    }
}

public interface IWorkReader
{
    Task<(IReadOnlyList<BoardView> Rows, long Total)> ListBoardsAsync(QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<(IReadOnlyList<TaskView> Rows, long Total)> ListTasksAsync(QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<(IReadOnlyList<TaskView> Rows, long Total)> ListBoardTasksAsync(BoardId board, QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<(IReadOnlyList<TaskView> Rows, long Total)> ListTeamTasksAsync(TeamId team, QueryOptions options, IReadOnlyList<long> organizationIds, CancellationToken ct);

    Task<TaskDetailView?> GetTaskAsync(TaskId id, CancellationToken ct);
}
