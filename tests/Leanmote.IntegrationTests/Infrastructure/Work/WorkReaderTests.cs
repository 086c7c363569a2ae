using Leanmote.Application.Work;
using Leanmote.Domain.Common;
using Leanmote.IntegrationTests.WorkSupport;
using Leanmote.Infrastructure.Work;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Work;

[TestFixture]
public sealed class WorkReaderTests : WorkDatabaseTest
{
    private WorkReader _reader = null!;
    private long _orgA, _orgB, _teamA1, _teamA2, _teamB, _boardA1, _boardA2, _boardB, _sprint, _u1, _u2;
    private long _t1, _t2, _t3, _t4, _tB;

    protected override async Task SeedAsync()
    {
        _reader = new WorkReader(Db, Retry);
        _orgA = await Given.OrganizationAsync("Acme");
        _orgB = await Given.OrganizationAsync("Other");
        _u1 = await Given.UserAsync("Ada");
        _u2 = await Given.UserAsync("Bob");
        _teamA1 = await Given.TeamAsync(_orgA, "Platform");
        _teamA2 = await Given.TeamAsync(_orgA, "Mobile");
        _teamB = await Given.TeamAsync(_orgB, "Elsewhere");
        var appA = await Given.AppAsync(_orgA);
        var appA2 = await Given.AppAsync(_orgA, "linear");
        var appB = await Given.AppAsync(_orgB);
        _boardA1 = await Board(_orgA, appA, _teamA1, "AA", "jira", "2026-01-01T00:00:00Z");
        _boardA2 = await Board(_orgA, appA2, null, "BB", "linear", "2026-01-02T00:00:00Z");
        _boardB = await Board(_orgB, appB, _teamB, "ZZ", "jira", "2026-01-03T00:00:00Z");
        _sprint = await Given.RowAsync("INSERT INTO sprints (organization_id, board_id, name, state) VALUES (@o, @b, 'S1', 'active') RETURNING id", new { o = _orgA, b = _boardA1 });

        _t1 = await Task(_orgA, _boardA1, _teamA1, "AA-1", "story", "done", _u1, _sprint, "2026-01-10T10:00:00Z", "2026-01-12T00:00:00Z", "2026-01-11T09:00:00Z");
        _t2 = await Task(_orgA, _boardA1, _teamA1, "AA-2", "bug", "in_progress", _u2, null, "2026-01-10T10:00:00Z", "2026-01-13T00:00:00Z", null);
        _t3 = await Task(_orgA, _boardA1, _teamA2, "AA-3", "task", "todo", null, _sprint, "2026-01-11T00:00:00Z", "2026-01-11T00:00:00Z", null);
        _t4 = await Task(_orgA, _boardA2, null, "BB-1", "epic", "done", _u1, null, "2026-01-09T23:59:59Z", "2026-01-14T00:00:00Z", "2026-01-12T00:00:00Z");
        _tB = await Task(_orgB, _boardB, _teamB, "ZZ-1", "story", "done", _u1, null, "2026-01-10T00:00:00Z", "2026-01-10T00:00:00Z", null);

        await Given.RowAsync("""
            UPDATE tasks SET priority = 'high', reporter_id = @u2, story_points = 3.5, estimate_hours = 8, logged_hours = 2.25,
                due_date = '2026-02-01', started_at = '2026-01-10T12:00:00Z', parent_id = @t4
            WHERE id = @t1 RETURNING id
            """, new { u2 = _u2, t1 = _t1, t4 = _t4 });
        await Change(_t1, null, "In Progress", "2026-01-10T12:00:00Z", _u1);
        await Change(_t1, "In Progress", "Done", "2026-01-11T09:00:00Z", null);
        await Change(_t1, "To Do", "In Progress", "2026-01-10T12:00:00Z", _u2);   // same instant as the first: id breaks the tie
        await Change(_t1, "Backlog", "To Do", "2026-01-10T11:00:00Z", _u1);
        await Change(_tB, null, "Done", "2026-01-10T11:00:00Z", _u1);
    }

    private Task<long> Board(long org, long app, long? team, string key, string provider, string createdAt) =>
        Given.RowAsync("""
            INSERT INTO boards (organization_id, app_id, team_id, key, name, provider, created_at)
            VALUES (@org, @app, @team, @key, @key, @provider, @createdAt::timestamptz) RETURNING id
            """, new { org, app, team, key, provider, createdAt });

    private Task<long> Task(long org, long board, long? team, string key, string type, string category, long? assignee, long? sprint,
        string createdAt, string updatedAt, string? completedAt) =>
        Given.RowAsync("""
            INSERT INTO tasks (organization_id, board_id, team_id, key, title, type, status, status_category, assignee_id, sprint_id,
                               created_at, updated_at, completed_at)
            VALUES (@org, @board, @team, @key, 'Title ' || @key, @type, initcap(@category), @category, @assignee, @sprint,
                    @createdAt::timestamptz, @updatedAt::timestamptz, @completedAt::timestamptz)
            RETURNING id
            """, new { org, board, team, key, type, category, assignee, sprint, createdAt, updatedAt, completedAt });

    private Task<long> Change(long task, string? from, string to, string at, long? by) =>
        Given.RowAsync("""
            INSERT INTO task_status_changes (organization_id, task_id, from_status, to_status, changed_at, changed_by_id)
            SELECT organization_id, id, @from, @to, @at::timestamptz, @by FROM tasks WHERE id = @task RETURNING id
            """, new { task, from, to, at, by });

    private static long[] Ids(IEnumerable<TaskView> rows) => [.. rows.Select(r => r.Id.Value)];

    private async Task<(long[] Ids, long Total)> Tasks(long[] scope, params (string, string)[] parameters)
    {
        var (rows, total) = await _reader.ListTasksAsync(Options(ListTasks.Query.Spec, parameters), scope, CancellationToken.None);
        return (Ids(rows), total);
    }

    [Test]
    public async Task ListTasks_DefaultSort_CreatedAtDescWithIdTieBreak()
    {
        var (ids, total) = await Tasks([_orgA]);
        Assert.That(ids, Is.EqualTo(new[] { _t3, _t2, _t1, _t4 }));
        Assert.That(total, Is.EqualTo(4));
    }

    [Test]
    public async Task ListTasks_CreatedAtAsc_TieBrokenByIdAscending()
    {
        var (ids, _) = await Tasks([_orgA], ("order", "asc"));
        Assert.That(ids, Is.EqualTo(new[] { _t4, _t1, _t2, _t3 }));
    }

    [TestCase("key", "asc")]
    [TestCase("key", "desc")]
    [TestCase("updated_at", "asc")]
    [TestCase("updated_at", "desc")]
    [TestCase("completed_at", "asc")]
    [TestCase("completed_at", "desc")]
    public async Task ListTasks_SortField_OrdersByItThenId(string sort, string order)
    {
        var (ids, _) = await Tasks([_orgA], ("sort", sort), ("order", order));
        long[] expected = (sort, order) switch
        {
            ("key", "asc") => [_t1, _t2, _t3, _t4],
            ("key", _) => [_t4, _t3, _t2, _t1],
            ("updated_at", "asc") => [_t3, _t1, _t2, _t4],
            ("updated_at", _) => [_t4, _t2, _t1, _t3],
            ("completed_at", "asc") => [_t1, _t4, _t2, _t3],    // NULLs last ascending, tie broken by id
            _ => [_t3, _t2, _t4, _t1],                          // NULLs first descending
        };
        Assert.That(ids, Is.EqualTo(expected));
    }

    [Test]
    public async Task ListTasks_EachFilter_ReturnsMatchingRowsOnly()
    {
        Assert.That((await Tasks([_orgA], ("board_id", $"board_{_boardA1}"))).Ids, Is.EquivalentTo(new[] { _t1, _t2, _t3 }));
        Assert.That((await Tasks([_orgA], ("team_id", $"team_{_teamA1}"))).Ids, Is.EquivalentTo(new[] { _t1, _t2 }));
        Assert.That((await Tasks([_orgA], ("assignee_id", $"usr_{_u1}"))).Ids, Is.EquivalentTo(new[] { _t1, _t4 }));
        Assert.That((await Tasks([_orgA], ("type", "bug"))).Ids, Is.EquivalentTo(new[] { _t2 }));
        Assert.That((await Tasks([_orgA], ("status_category", "done"))).Ids, Is.EquivalentTo(new[] { _t1, _t4 }));
        Assert.That((await Tasks([_orgA], ("sprint_id", $"sprint_{_sprint}"))).Ids, Is.EquivalentTo(new[] { _t1, _t3 }));
    }

    [TestCase("created_at[gte]", "2026-01-10", "1,2,3")]
    [TestCase("created_at[lte]", "2026-01-09", "4")]          // the whole day, up to 23:59:59
    [TestCase("created_at[eq]", "2026-01-10", "1,2")]
    [TestCase("created_at", "2026-01-10", "1,2")]
    [TestCase("created_at[gt]", "2026-01-10", "3")]
    [TestCase("created_at[lt]", "2026-01-10", "4")]
    [TestCase("created_at[gt]", "2026-01-10T10:00:00Z", "3")]
    [TestCase("created_at[gte]", "2026-01-10T10:00:00Z", "1,2,3")]
    [TestCase("created_at[lt]", "2026-01-10T10:00:00Z", "4")]
    [TestCase("completed_at[gte]", "2026-01-12", "4")]
    [TestCase("completed_at[lte]", "2026-01-11", "1")]
    public async Task ListTasks_TimestampOperators_FollowDayAndInstantSemantics(string key, string value, string expected)
    {
        var byNumber = new Dictionary<string, long> { ["1"] = _t1, ["2"] = _t2, ["3"] = _t3, ["4"] = _t4 };
        var (ids, total) = await Tasks([_orgA], (key, value));
        Assert.That(ids, Is.EquivalentTo(expected.Split(',').Select(n => byNumber[n])));
        Assert.That(total, Is.EqualTo(ids.Length));
    }

    [Test]
    public async Task ListTasks_PagePastTheEnd_ReturnsNoRowsAndTheTotal()
    {
        var (ids, total) = await Tasks([_orgA], ("per_page", "2"), ("page", "3"));
        Assert.That(ids, Is.Empty);
        Assert.That(total, Is.EqualTo(4));
    }

    [Test]
    public async Task ListTasks_PagesOfOne_AreDisjointAndComplete()
    {
        var seen = new List<long>();
        for (var page = 1; page <= 4; page++) seen.AddRange((await Tasks([_orgA], ("per_page", "1"), ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Ids);
        Assert.That(seen, Is.EqualTo(new[] { _t3, _t2, _t1, _t4 }));
    }

    [Test]
    public async Task ListTasks_TenantIsolation_OtherOrganizationsNeverAppear()
    {
        Assert.That((await Tasks([_orgB])).Ids, Is.EqualTo(new[] { _tB }));
        Assert.That((await Tasks([_orgA], ("board_id", $"board_{_boardB}"))).Ids, Is.Empty);
        Assert.That((await Tasks([])).Ids, Is.Empty);
    }

    [Test]
    public async Task ListTasks_MapsEveryColumn()
    {
        var (rows, _) = await _reader.ListTasksAsync(Options(ListTasks.Query.Spec, ("sort", "key"), ("order", "asc"), ("per_page", "1")), [_orgA], CancellationToken.None);
        var t = rows.Single();
        Assert.Multiple(() =>
        {
            Assert.That(t.Id, Is.EqualTo(new TaskId(_t1)));
            Assert.That(t.BoardId, Is.EqualTo(new BoardId(_boardA1)));
            Assert.That(t.TeamId, Is.EqualTo(new TeamId(_teamA1)));
            Assert.That(t.Key, Is.EqualTo("AA-1"));
            Assert.That(t.Title, Is.EqualTo("Title AA-1"));
            Assert.That(t.Type, Is.EqualTo("story"));
            Assert.That(t.Status, Is.EqualTo("Done"));
            Assert.That(t.StatusCategory, Is.EqualTo("done"));
            Assert.That(t.Priority, Is.EqualTo("high"));
            Assert.That(t.AssigneeId, Is.EqualTo(new UserId(_u1)));
            Assert.That(t.ReporterId, Is.EqualTo(new UserId(_u2)));
            Assert.That(t.ParentId, Is.EqualTo(new TaskId(_t4)));
            Assert.That(t.SprintId, Is.EqualTo(new SprintId(_sprint)));
            Assert.That(t.StoryPoints, Is.EqualTo(3.5m));
            Assert.That(t.EstimateHours, Is.EqualTo(8m));
            Assert.That(t.LoggedHours, Is.EqualTo(2.25m));
            Assert.That(t.DueDate, Is.EqualTo("2026-02-01"));
            Assert.That(t.CreatedAt, Is.EqualTo(At("2026-01-10T10:00:00Z")));
            Assert.That(t.StartedAt, Is.EqualTo(At("2026-01-10T12:00:00Z")));
            Assert.That(t.CompletedAt, Is.EqualTo(At("2026-01-11T09:00:00Z")));
            Assert.That(t.UpdatedAt, Is.EqualTo(At("2026-01-12T00:00:00Z")));
        });
    }

    [Test]
    public async Task ListBoardTasks_OnlyThatBoard_WithinScope()
    {
        var spec = ListBoardTasks.Query.Spec;
        var (rows, total) = await _reader.ListBoardTasksAsync(new BoardId(_boardA1), Options(spec, ("type", "story")), [_orgA], CancellationToken.None);
        Assert.That(Ids(rows), Is.EqualTo(new[] { _t1 }));
        Assert.That(total, Is.EqualTo(1));
        (rows, _) = await _reader.ListBoardTasksAsync(new BoardId(_boardA1), Options(spec), [_orgA], CancellationToken.None);
        Assert.That(Ids(rows), Is.EqualTo(new[] { _t3, _t2, _t1 }));
        (rows, _) = await _reader.ListBoardTasksAsync(new BoardId(_boardA1), Options(spec), [_orgB], CancellationToken.None);
        Assert.That(rows, Is.Empty);
    }

    [Test]
    public async Task ListTeamTasks_OnlyThatTeam_WithinScope()
    {
        var spec = ListTeamTasks.Query.Spec;
        var (rows, _) = await _reader.ListTeamTasksAsync(new TeamId(_teamA1), Options(spec, ("order", "asc")), [_orgA], CancellationToken.None);
        Assert.That(Ids(rows), Is.EqualTo(new[] { _t1, _t2 }));
        (rows, _) = await _reader.ListTeamTasksAsync(new TeamId(_teamA1), Options(spec, ("board_id", $"board_{_boardA2}")), [_orgA], CancellationToken.None);
        Assert.That(rows, Is.Empty);
        (rows, _) = await _reader.ListTeamTasksAsync(new TeamId(_teamB), Options(spec), [_orgA], CancellationToken.None);
        Assert.That(rows, Is.Empty);
    }

    [Test]
    public async Task GetTask_WithStatusHistory_OrderedByChangedAtThenId()
    {
        var task = await _reader.GetTaskAsync(new TaskId(_t1), CancellationToken.None);
        Assert.That(task, Is.Not.Null);
        Assert.That(task!.Key, Is.EqualTo("AA-1"));
        Assert.That(task.DueDate, Is.EqualTo("2026-02-01"));
        Assert.That(task.StatusHistory.Select(h => (h.FromStatus, h.ToStatus)), Is.EqualTo(new (string?, string)[]
        {
            ("Backlog", "To Do"), (null, "In Progress"), ("To Do", "In Progress"), ("In Progress", "Done"),
        }));
        Assert.That(task.StatusHistory[0].ChangedAt, Is.EqualTo(At("2026-01-10T11:00:00Z")));
        Assert.That(task.StatusHistory[0].ChangedBy, Is.EqualTo(new UserId(_u1)));
        Assert.That(task.StatusHistory[3].ChangedBy, Is.Null);
    }

    [Test]
    public async Task GetTask_WithoutHistory_HasEmptyHistory_UnknownIsNull()
    {
        Assert.That((await _reader.GetTaskAsync(new TaskId(_t2), CancellationToken.None))!.StatusHistory, Is.Empty);
        Assert.That(await _reader.GetTaskAsync(new TaskId(_tB + 1000), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ListBoards_FiltersSortsAndIsolates()
    {
        var spec = ListBoards.Query.Spec;
        async Task<long[]> Boards(long[] scope, params (string, string)[] p) =>
            [.. (await _reader.ListBoardsAsync(Options(spec, p), scope, CancellationToken.None)).Rows.Select(b => b.Id.Value)];

        Assert.That(await Boards([_orgA]), Is.EqualTo(new[] { _boardA2, _boardA1 }));
        Assert.That(await Boards([_orgA], ("order", "asc")), Is.EqualTo(new[] { _boardA1, _boardA2 }));
        Assert.That(await Boards([_orgA], ("provider", "linear")), Is.EqualTo(new[] { _boardA2 }));
        Assert.That(await Boards([_orgA], ("team_id", $"team_{_teamA1}")), Is.EqualTo(new[] { _boardA1 }));
        Assert.That(await Boards([_orgA], ("organization_id", $"org_{_orgA}")), Has.Length.EqualTo(2));
        Assert.That(await Boards([_orgA], ("organization_id", $"org_{_orgB}")), Is.Empty);
        Assert.That(await Boards([_orgA, _orgB]), Is.EqualTo(new[] { _boardB, _boardA2, _boardA1 }));
        Assert.That(await Boards([_orgA], ("per_page", "5"), ("page", "2")), Is.Empty);

        var board = (await _reader.ListBoardsAsync(Options(spec, ("provider", "linear")), [_orgA], CancellationToken.None)).Rows.Single();
        Assert.That(board, Is.EqualTo(new BoardView(new BoardId(_boardA2), new OrganizationId(_orgA), board.AppId, null, "BB", "BB", "linear", At("2026-01-02T00:00:00Z"))));
    }
}
