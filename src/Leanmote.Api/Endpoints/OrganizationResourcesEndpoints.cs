using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Integrations;
using Leanmote.Application.Teams;
using Leanmote.Application.Users;
using Mediator;

namespace Leanmote.Api.Endpoints;

/// <summary>Organization sub-resources owned by other modules (teams, apps) and a user's organizations.</summary>
public static class OrganizationResourcesEndpoints
{
    public static void MapOrganizationResourcesEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Organizations");

        v1.MapGet("/organizations/{organizationId}/teams", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListOrganizationTeams.Query(organizationId, Query.From(req)), ct)))
            .Contract<ListOrganizationTeams.Query, TeamView>()
            .WithName("ListOrganizationTeams").WithSummary("List the teams of an organization");

        v1.MapGet("/organizations/{organizationId}/apps", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListOrganizationApps.Query(organizationId, Query.From(req)), ct)))
            .Contract<ListOrganizationApps.Query, AppView>()
            .WithName("ListOrganizationApps").WithSummary("List the apps (integrations) of an organization");

        v1.MapGet("/users/{userId}/organizations", async (string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListUserOrganizations.Query(userId, Query.From(req)), ct)))
            .Contract<ListUserOrganizations.Query, UserOrganizationView>()
            .WithName("ListUserOrganizations").WithSummary("List the organizations a user belongs to that the caller shares, with the user's role");
    }
}
