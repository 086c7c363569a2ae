using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Dashboards;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class DashboardsEndpoints
{
    public static void MapDashboardsEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Dashboards");

        v1.MapGet("/dashboard-views", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListDashboardViews.Query(Query.From(req)), ct)))
            .Contract<ListDashboardViews.Query, DashboardViewView>()
            .WithName("ListDashboardViews").WithSummary("List the caller's own dashboard views and those shared with their organizations");

        // The literal segments below win over {viewId}: ASP.NET routing ranks literals before parameters.
        v1.MapGet("/dashboard-views/catalog", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListDashboardCatalog.Query(Query.From(req)), ct)))
            .Contract<ListDashboardCatalog.Query, IReadOnlyList<DashboardTypeView>>()
            .WithName("ListDashboardCatalog").WithSummary("List the built-in dashboard types (not paginated)");

        v1.MapGet("/dashboard-views/custom-filters", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListCustomFilters.Query(Query.From(req)), ct)))
            .Contract<ListCustomFilters.Query, CustomFilterView>()
            .WithName("ListCustomFilters").WithSummary("List the custom filters of the caller's organizations");

        v1.MapGet("/dashboard-views/{viewId}", async (string viewId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetDashboardView.Query(viewId, Query.From(req)), ct)))
            .Contract<GetDashboardView.Query, DashboardViewView>()
            .WithName("GetDashboardView").WithSummary("Get one dashboard view (someone else's private view: admins only)");

        v1.MapGet("/users/{userId}/dashboard-views", async (string userId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListUserDashboardViews.Query(userId, Query.From(req)), ct)))
            .Contract<ListUserDashboardViews.Query, DashboardViewView>()
            .WithName("ListUserDashboardViews").WithSummary("List a user's dashboard views (the user and organization admins)");

        v1.MapGet("/users/{userId}/dashboard-views/{viewId}", async (string userId, string viewId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetUserDashboardView.Query(userId, viewId, Query.From(req)), ct)))
            .Contract<GetUserDashboardView.Query, DashboardViewView>()
            .WithName("GetUserDashboardView").WithSummary("Get one of a user's dashboard views");
    }
}
