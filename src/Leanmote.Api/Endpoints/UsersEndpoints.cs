using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Users;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class UsersEndpoints
{
    public static void MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/v1/users").WithTags("Users");

        users.MapGet("/", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListUsers.Query(Query.From(req)), ct)))
            .Contract<ListUsers.Query, UserView>()
            .WithName("ListUsers").WithSummary("List the users sharing an organization with the caller");

        users.MapGet("/{userId}", async (string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetUser.Query(userId, Query.From(req)), ct)))
            .Contract<GetUser.Query, UserView>()
            .WithName("GetUser").WithSummary("Get one user (one who shares an organization with the caller, or the caller)");
    }
}
