using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Integrations;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class AppsEndpoints
{
    public static void MapAppsEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Apps");

        v1.MapGet("/apps", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListApps.Query(Query.From(req)), ct)))
            .Contract<ListApps.Query, AppView>()
            .WithName("ListApps").WithSummary("List the apps (integrations) of the caller's organizations");

        v1.MapGet("/apps/{appId}", async (string appId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetApp.Query(appId, Query.From(req)), ct)))
            .Contract<GetApp.Query, AppView>()
            .WithName("GetApp").WithSummary("Get one app");

        v1.MapGet("/users/{userId}/apps", async (string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListUserApps.Query(userId, Query.From(req)), ct)))
            .Contract<ListUserApps.Query, UserAppView>()
            .WithName("ListUserApps").WithSummary("List a user's identities in apps");

        v1.MapGet("/users/{userId}/apps/{appId}", async (string userId, string appId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetUserApp.Query(userId, appId, Query.From(req)), ct)))
            .Contract<GetUserApp.Query, UserAppView>()
            .WithName("GetUserApp").WithSummary("Get a user's identity in one app (404 when the user has none there)");

        v1.MapGet("/users/{userId}/git/apps", async (string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListUserGitApps.Query(userId, Query.From(req)), ct)))
            .Contract<ListUserGitApps.Query, AppView>()
            .WithName("ListUserGitApps").WithSummary("List the source-control apps a user is mapped in");
    }
}
