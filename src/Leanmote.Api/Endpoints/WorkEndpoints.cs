using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Work;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class WorkEndpoints
{
    public static void MapWorkEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Work");

        v1.MapGet("/boards", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListBoards.Query(Query.From(req)), ct)))
            .Contract<ListBoards.Query, BoardView>()
            .WithName("ListBoards").WithSummary("List the boards of the caller's organizations");

        v1.MapGet("/boards/{boardId}/tasks", async (string boardId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListBoardTasks.Query(boardId, Query.From(req)), ct)))
            .Contract<ListBoardTasks.Query, TaskView>()
            .WithName("ListBoardTasks").WithSummary("List the tasks of a board");

        v1.MapGet("/tasks", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTasks.Query(Query.From(req)), ct)))
            .Contract<ListTasks.Query, TaskView>()
            .WithName("ListTasks").WithSummary("List tasks");

        v1.MapGet("/tasks/{taskId}", async (string taskId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetTask.Query(taskId, Query.From(req)), ct)))
            .Contract<GetTask.Query, TaskDetailView>()
            .WithName("GetTask").WithSummary("Get one task with its status history");

        v1.MapGet("/teams/{teamId}/tasks", async (string teamId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTeamTasks.Query(teamId, Query.From(req)), ct)))
            .Contract<ListTeamTasks.Query, TaskView>()
            .WithName("ListTeamTasks").WithSummary("List the tasks owned by a team");
    }
}
