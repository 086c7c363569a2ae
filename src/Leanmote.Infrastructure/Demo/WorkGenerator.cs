namespace Leanmote.Infrastructure.Demo;

/// <summary>
/// Boards (one per team), workflow statuses covering every stage, two-week sprints, and tasks whose
/// status history is walked forward in time, so that <c>status</c>, <c>started_at</c> and <c>completed_at</c>
/// agree with <c>task_status_changes</c> exactly as metrics.md §6.1 derives them.
/// </summary>
internal sealed class WorkGenerator(DemoContext ctx)
{
    private const int FlushEvery = 40_000;

    private static readonly TimeSpan SprintLength = TimeSpan.FromDays(14);

    /// <summary>The workflow of every demo board: name, stage, position, tracker category.</summary>
    private static IReadOnlyList<(string Name, string Stage, int Position, string Category)> Workflow { get; } =
    [
        ("Backlog", "backlog", 0, "todo"),
        ("To Do", "todo", 1, "todo"),
        ("In Progress", "active", 2, "in_progress"),
        ("Blocked", "waiting", 2, "in_progress"),
        ("Code Review", "waiting", 3, "in_progress"),
        ("QA", "active", 4, "in_progress"),
        ("Ready for Deploy", "waiting", 5, "in_progress"),
        ("Done", "done", 6, "done"),
        ("Won't Do", "cancelled", 7, "done"),
    ];

    /// <summary>A status used on the first board that has no workflow mapping (shows up in /flow/debug).</summary>
    private const string UnmappedStatus = "Triage";

    private readonly CopyTable<BoardRow> boards = new("boards",
        "id, organization_id, app_id, team_id, key, name, provider, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.AppId); w.Id(r.TeamId); w.Text(r.Key); w.Text(r.Name);
            w.Text(r.Provider); w.Time(r.CreatedAt);
        });

    private readonly CopyTable<StatusRow> statuses = new("workflow_statuses",
        "id, organization_id, board_id, name, stage, position",
        static (w, in r) => { w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.BoardId); w.Text(r.Name); w.Text(r.Stage); w.Int(r.Position); });

    private readonly CopyTable<SprintRow> sprints = new("sprints",
        "id, organization_id, board_id, name, state, start_at, end_at, completed_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.BoardId); w.Text(r.Name); w.Text(r.State);
            w.Time(r.StartAt); w.Time(r.EndAt); w.Time(r.CompletedAt);
        });

    private readonly CopyTable<TaskRow> tasks = new("tasks",
        "id, organization_id, board_id, team_id, key, title, type, status, status_category, priority, assignee_id, " +
        "reporter_id, parent_id, sprint_id, story_points, estimate_hours, logged_hours, due_date, created_at, " +
        "started_at, completed_at, updated_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.BoardId); w.Id(r.TeamId); w.Text(r.Key); w.Text(r.Title);
            w.Text(r.Type); w.Text(r.Status); w.Text(r.StatusCategory); w.Text(r.Priority); w.Id(r.AssigneeId);
            w.Id(r.ReporterId); w.Id(r.ParentId); w.Id(r.SprintId); w.Numeric(r.StoryPoints); w.Numeric(r.EstimateHours);
            w.Numeric(r.LoggedHours); w.Date(r.DueDate); w.Time(r.CreatedAt); w.Time(r.StartedAt);
            w.Time(r.CompletedAt); w.Time(r.UpdatedAt);
        });

    private readonly CopyTable<ChangeRow> changes = new("task_status_changes",
        "id, organization_id, task_id, from_status, to_status, to_category, changed_at, changed_by_id",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.TaskId); w.Text(r.FromStatus); w.Text(r.ToStatus);
            w.Text(r.ToCategory); w.Time(r.ChangedAt); w.Id(r.ChangedById);
        });

    private readonly CopyTable<WorklogRow> worklogs = new("task_worklogs",
        "id, organization_id, task_id, user_id, started_at, hours, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.TaskId); w.Id(r.UserId); w.Time(r.StartedAt);
            w.Numeric(r.Hours); w.Time(r.CreatedAt);
        });

    private Random R => ctx.Random;

    private DateTime End => ctx.Time.End;

    private DemoIds Ids => ctx.Ids;

    public async Task GenerateAsync(DemoOrganization org, CancellationToken ct)
    {
        var boardList = new List<Board>();
        foreach (var team in org.Teams)
        {
            var board = new Board(ctx.Ids.Boards.Next(), team, isScrum: boardList.Count % 4 != 3, hasTriage: boardList.Count == 0);
            boardList.Add(board);
            var (appId, provider) = org.Apps.Jira is { } jira ? (jira, "jira") : (org.Apps.GitHub, "github");
            boards.Add(new BoardRow(board.Id, org.Id, appId, team.Id, team.Key, $"{team.Name} board", provider,
                org.CreatedAt.AddDays(R.Next(5, 90))));
            foreach (var (name, stage, position, _) in Workflow)
            {
                statuses.Add(new StatusRow(ctx.Ids.WorkflowStatuses.Next(), org.Id, board.Id, name, stage, position));
            }
            if (board.IsScrum)
            {
                AddSprints(org, board);
            }
        }
        await boards.FlushAsync(ctx.Copy, ct);
        await statuses.FlushAsync(ctx.Copy, ct);
        await sprints.FlushAsync(ctx.Copy, ct);

        var targets = DemoAllocation.Split(R, org.Shape.Tasks, boardList.Count);
        for (var b = 0; b < boardList.Count; b++)
        {
            await GenerateTasksAsync(org, boardList[b], targets[b], ct);
        }
        await FlushTasksAsync(ct);
    }

    private void AddSprints(DemoOrganization org, Board board)
    {
        board.SprintEpoch = DemoTime.Monday(ctx.Time.Start).AddHours(9);
        for (var k = 0; board.SprintEpoch + (k * SprintLength) < End.AddDays(28); k++)
        {
            var start = board.SprintEpoch + (k * SprintLength);
            var end = start + SprintLength;
            var state = end <= End ? "closed" : start <= End ? "active" : "future";
            DateTime? completed = state == "closed" ? end.AddMinutes(R.Next(0, 360)) : null;
            var id = ctx.Ids.Sprints.Next();
            board.SprintIds.Add(id);
            sprints.Add(new SprintRow(id, org.Id, board.Id, $"{board.Team.Key} Sprint {k + 1}", state, start, end,
                completed is { } c && c < End ? c : null));
        }
    }

    private long? SprintAt(Board board, DateTime t)
    {
        if (!board.IsScrum || t < board.SprintEpoch)
        {
            return null;
        }
        var index = (int)((t - board.SprintEpoch) / SprintLength);
        return index < board.SprintIds.Count ? board.SprintIds[index] : null;
    }

    private async Task GenerateTasksAsync(DemoOrganization org, Board board, int count, CancellationToken ct)
    {
        var created = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            created[i] = ctx.Time.WorkMoment(R, ctx.Time.Start.AddDays(-20), End);
        }
        Array.Sort(created);

        var epics = new List<long>();
        var parents = new List<long>();
        for (var i = 0; i < count; i++)
        {
            GenerateTask(org, board, i + 1, created[i], epics, parents);
            if (changes.Count >= FlushEvery)
            {
                await FlushTasksAsync(ct);
            }
        }
    }

    private void GenerateTask(DemoOrganization org, Board board, int number, DateTime createdAt, List<long> epics, List<long> parents)
    {
        var team = board.Team;
        var id = ctx.Ids.Tasks.Next();
        var roll = R.NextDouble();
        var type = roll < 0.04 ? "epic" : roll < 0.38 ? "story" : roll < 0.66 ? "task" : roll < 0.86 ? "bug" : roll < 0.96 ? "subtask" : "other";
        long? parentId = null;
        if (type == "subtask")
        {
            if (parents.Count == 0)
            {
                type = "task";
            }
            else
            {
                parentId = parents[^(1 + R.Next(Math.Min(20, parents.Count)))];
            }
        }
        else if (type == "story" && epics.Count > 0 && R.Chance(0.5))
        {
            parentId = epics[^(1 + R.Next(Math.Min(6, epics.Count)))];
        }

        var reporter = team.Manager is not null && R.Chance(0.4) ? team.Manager : org.PickActive(R, team, createdAt);
        Person? assignee = R.Chance(0.08) ? null : org.PickActive(R, team, createdAt);

        var walk = new TaskWalk(this, org.Id, id, createdAt, assignee ?? reporter);
        Walk(walk, board, type, unassigned: assignee is null);

        var inProgressAt = walk.InProgressAt;
        var stage = StageOf(walk.Status);
        DateTime? completedAt = stage == "done" ? walk.LastCompletion : null;

        long? sprintId = null;
        if (type != "epic")
        {
            sprintId = inProgressAt is { } started
                ? SprintAt(board, started)
                : createdAt > End.AddDays(-14) && R.Chance(0.6) ? SprintAt(board, R.Chance(0.7) ? End : End.AddDays(14)) : null;
        }

        decimal logged = 0;
        if (inProgressAt is { } from && assignee is not null && type != "epic")
        {
            var until = completedAt ?? End;
            for (var n = R.Next(0, 4); n > 0; n--)
            {
                var startedAt = ctx.Time.WorkMoment(R, from, until);
                var hours = 0.25m * R.Next(2, 25);
                var who = R.Chance(0.85) ? assignee : org.PickActive(R, team, startedAt);
                worklogs.Add(new WorklogRow(ctx.Ids.TaskWorklogs.Next(), org.Id, id, who.Id, startedAt, hours, startedAt.AddHours((double)hours)));
                logged += hours;
            }
        }

        decimal? points = type is "story" or "task" or "bug" && R.Chance(0.8) ? R.Pick(StoryPoints) : null;
        decimal? estimate = R.Chance(0.3) ? (points ?? 2) * 4 : null;
        DateOnly? due = R.Chance(0.25) ? DemoTime.Day(createdAt.AddDays(R.Next(7, 31))) : null;
        var title = type switch
        {
            "epic" => $"Epic: {DemoNames.Title(R)}",
            "bug" => $"Bug: {R.Pick(DemoNames.Things)} fails intermittently",
            _ => DemoNames.Title(R),
        };

        tasks.Add(new TaskRow(id, org.Id, board.Id, team.Id, $"{team.Key}-{number}", title, type, walk.Status,
            CategoryOf(walk.Status), R.Pick(DemoNames.Priorities), assignee?.Id, reporter.Id, parentId, sprintId,
            points, estimate, logged, due, createdAt, inProgressAt, completedAt, walk.Time));

        if (type == "epic")
        {
            epics.Add(id);
        }
        else if (type is "story" or "task")
        {
            parents.Add(id);
        }
    }

    private static IReadOnlyList<decimal> StoryPoints { get; } = [1m, 2m, 3m, 3m, 5m, 5m, 8m, 13m];

    /// <summary>Walks a task through the workflow until it is done, cancelled, or history runs out (today).</summary>
    private void Walk(TaskWalk walk, Board board, string type, bool unassigned)
    {
        var initial = board.HasTriage && R.Chance(0.05) ? UnmappedStatus : R.Chance(0.4) ? "Backlog" : "To Do";
        walk.Status = initial;
        walk.CancelAtMove = R.Chance(0.06) ? R.Next(1, 5) : -1;

        if (initial != "To Do" && !walk.Move("To Do", 24, 24 * 30))
        {
            return;
        }
        if (unassigned)
        {
            return;
        }
        if (type == "epic")
        {
            _ = walk.Move("In Progress", 24, 24 * 20) && walk.Move("Done", 24 * 10, 24 * 60);
            return;
        }
        if (!walk.Move("In Progress", 2, 24 * 10))
        {
            return;
        }
        if (R.Chance(0.2) && !(walk.Move("Blocked", 4, 72) && walk.Move("In Progress", 4, 96)))
        {
            return;
        }
        if (!walk.Move("Code Review", 4, 120))
        {
            return;
        }
        if (R.Chance(0.15) && !(walk.Move("In Progress", 2, 48) && walk.Move("Code Review", 2, 72)))
        {
            return;
        }
        if (R.Chance(0.5) && !walk.Move("QA", 2, 48))
        {
            return;
        }
        if (R.Chance(0.3) && !walk.Move("Ready for Deploy", 1, 48))
        {
            return;
        }
        if (!walk.Move("Done", 1, 48))
        {
            return;
        }
        if (R.Chance(0.03))
        {
            // Reopened, reworked and done again: counts once, at its final completion.
            _ = walk.Move("In Progress", 24, 240) && walk.Move("Code Review", 2, 48) && walk.Move("Done", 4, 120);
        }
    }

    private static string StageOf(string status)
    {
        foreach (var s in Workflow)
        {
            if (s.Name == status)
            {
                return s.Stage;
            }
        }
        return "todo"; // unmapped: falls back to the tracker category (todo)
    }

    private static string CategoryOf(string status)
    {
        foreach (var s in Workflow)
        {
            if (s.Name == status)
            {
                return s.Category;
            }
        }
        return "todo";
    }

    private async Task FlushTasksAsync(CancellationToken ct)
    {
        await tasks.FlushAsync(ctx.Copy, ct);
        await changes.FlushAsync(ctx.Copy, ct);
        await worklogs.FlushAsync(ctx.Copy, ct);
    }

    /// <summary>The state of one task while its history is generated.</summary>
    private sealed class TaskWalk(WorkGenerator owner, long organizationId, long taskId, DateTime createdAt, Person actor)
    {
        private int moves;

        public string Status { get; set; } = "To Do";
        public DateTime Time { get; private set; } = createdAt;
        public int CancelAtMove { get; set; } = -1;
        public DateTime? InProgressAt { get; private set; }
        public DateTime? LastCompletion { get; private set; }

        /// <summary>Moves to <paramref name="to"/> after a delay; false when the walk stops (out of time or cancelled).</summary>
        public bool Move(string to, double minHours, double maxHours)
        {
            var r = owner.R;
            var cancel = ++moves == CancelAtMove;
            var next = DemoTime.Later(r, Time, minHours, maxHours);
            if (next >= owner.End)
            {
                return false;
            }
            var target = cancel ? "Won't Do" : to;
            long? changedBy = r.Chance(0.05) ? null : actor.Id;
            owner.changes.Add(new ChangeRow(owner.Ids.TaskStatusChanges.Next(), organizationId, taskId, Status, target,
                CategoryOf(target), next, changedBy));
            var fromStage = StageOf(Status);
            var toStage = StageOf(target);
            if (InProgressAt is null && toStage is "active" or "waiting")
            {
                InProgressAt = next;
            }
            if (toStage == "done" && fromStage != "done")
            {
                LastCompletion = next;
            }
            Status = target;
            Time = next;
            return !cancel;
        }
    }

    private sealed class Board(long id, DemoTeam team, bool isScrum, bool hasTriage)
    {
        public long Id { get; } = id;
        public DemoTeam Team { get; } = team;
        public bool IsScrum { get; } = isScrum;
        public bool HasTriage { get; } = hasTriage;
        public DateTime SprintEpoch { get; set; }
        public List<long> SprintIds { get; } = [];
    }

    private readonly record struct BoardRow(long Id, long OrganizationId, long AppId, long TeamId, string Key, string Name, string Provider, DateTime CreatedAt);
    private readonly record struct StatusRow(long Id, long OrganizationId, long BoardId, string Name, string Stage, int Position);
    private readonly record struct SprintRow(long Id, long OrganizationId, long BoardId, string Name, string State, DateTime StartAt, DateTime EndAt, DateTime? CompletedAt);
    private readonly record struct TaskRow(long Id, long OrganizationId, long BoardId, long TeamId, string Key, string Title, string Type,
        string Status, string StatusCategory, string Priority, long? AssigneeId, long ReporterId, long? ParentId, long? SprintId,
        decimal? StoryPoints, decimal? EstimateHours, decimal LoggedHours, DateOnly? DueDate, DateTime CreatedAt,
        DateTime? StartedAt, DateTime? CompletedAt, DateTime UpdatedAt);
    private readonly record struct ChangeRow(long Id, long OrganizationId, long TaskId, string FromStatus, string ToStatus, string ToCategory, DateTime ChangedAt, long? ChangedById);
    private readonly record struct WorklogRow(long Id, long OrganizationId, long TaskId, long UserId, DateTime StartedAt, decimal Hours, DateTime CreatedAt);
}

/// <summary>Splits a total over buckets with uneven, random weights; the parts add up to the total exactly.</summary>
internal static class DemoAllocation
{
    public static int[] Split(Random random, int total, int buckets) => Split(random, total, Enumerable.Repeat(1.0, buckets).ToList());

    /// <summary>Like <see cref="Split(Random, int, int)"/>, each bucket's random weight multiplied by its factor.</summary>
    public static int[] Split(Random random, int total, IReadOnlyList<double> factors)
    {
        var buckets = factors.Count;
        var weights = new double[buckets];
        for (var i = 0; i < buckets; i++)
        {
            weights[i] = random.Between(0.4, 2.0) * factors[i];
        }
        var sum = weights.Sum();
        var parts = new int[buckets];
        var assigned = 0;
        for (var i = 0; i < buckets - 1; i++)
        {
            parts[i] = (int)(total * weights[i] / sum);
            assigned += parts[i];
        }
        parts[^1] = total - assigned;
        return parts;
    }
}
