using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Work;
using Leanmote.Domain.Common;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Work;

[TestFixture]
public sealed class WorkHandlersTests
{
    [Test]
    public async Task GetTask_Missing_ReturnsNotFound()
    {
        var reader = new Mock<IWorkReader>();
        reader.Setup(r => r.GetTaskAsync(new TaskId(9), It.IsAny<CancellationToken>())).ReturnsAsync((TaskDetailView?)null);
        var result = await new GetTask.Handler(reader.Object).Handle(new GetTask.Query("task_9", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task ListTeamTasks_PassesTheTeamAndTheScope()
    {
        var reader = new Mock<IWorkReader>();
        reader.Setup(r => r.ListTeamTasksAsync(new TeamId(7), QueryOptions.Unset, new long[] { 3 }, It.IsAny<CancellationToken>()))
            .ReturnsAsync(([], 12L));
        var request = new RequestContext { Scope = [3] };
        var result = await new ListTeamTasks.Handler(reader.Object, request).Handle(new ListTeamTasks.Query("team_7", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Value.Total, Is.EqualTo(12));
    }

    [Test]
    public void Access_DeclaresTheOwningResource()
    {
        Assert.That(new ListBoardTasks.Query("board_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.MemberOfOwner(ResourceKind.Board, "board_1")));
        Assert.That(new GetTask.Query("task_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.MemberOfOwner(ResourceKind.Task, "task_1")));
        Assert.That(new ListTasks.Query(QueryParameters.Empty).Access, Is.SameAs(AccessRequirement.AnyCaller));
    }

    [TestCase("team_id")]
    public void ListTeamTasks_Spec_HasNoTeamFilter(string filter)
    {
        Assert.That(ListTeamTasks.Query.Spec.Filters.ContainsKey(filter), Is.False);
        Assert.That(ListTasks.Query.Spec.Filters.ContainsKey(filter), Is.True);
        Assert.That(ListBoardTasks.Query.Spec.Filters.ContainsKey("board_id"), Is.False);
    }
}
