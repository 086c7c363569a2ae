using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Organizations;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class OrganizationsEndpoints
{
    public static void MapOrganizationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations").WithTags("Organizations");

        group.MapGet("/", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListOrganizations.Query(Query.From(req)), ct)))
            .Contract<ListOrganizations.Query, OrganizationView>()
            .WithName("ListOrganizations").WithSummary("List the organizations the caller belongs to");

        group.MapGet("/{organizationId}", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetOrganization.Query(organizationId, Query.From(req)), ct)))
            .Contract<GetOrganization.Query, OrganizationView>()
            .WithName("GetOrganization").WithSummary("Get one organization");

        group.MapGet("/{organizationId}/members", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListOrganizationMembers.Query(organizationId, Query.From(req)), ct)))
            .Contract<ListOrganizationMembers.Query, MemberView>()
            .WithName("ListOrganizationMembers").WithSummary("List the members of an organization with their roles");
    }
}
