using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Interactions;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class InteractionsEndpoints
{
    public static void MapInteractionsEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Interactions");

        v1.MapGet("/interactions", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListInteractions.Query(Query.From(req)), ct)))
            .Contract<ListInteractions.Query, InteractionView>()
            .WithName("ListInteractions").WithSummary("List the interactions the caller may see");

        v1.MapGet("/interactions/{interactionId}", async (string interactionId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetInteraction.Query(interactionId, Query.From(req)), ct)))
            .Contract<GetInteraction.Query, InteractionView>()
            .WithName("GetInteraction").WithSummary("Get one interaction");

        v1.MapGet("/teams/{teamId}/interactions", async (string teamId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTeamInteractions.Query(teamId, Query.From(req)), ct)))
            .Contract<ListTeamInteractions.Query, InteractionView>()
            .WithName("ListTeamInteractions").WithSummary("List the interactions of a team's members");

        v1.MapGet("/users/{userId}/interactions", async (string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListUserInteractions.Query(userId, Query.From(req)), ct)))
            .Contract<ListUserInteractions.Query, InteractionView>()
            .WithName("ListUserInteractions").WithSummary("List the interactions where a user is actor or target");
    }
}
