using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Meta;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class MetaEndpoints
{
    public static void MapMetaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/health", async (ISender sender, CancellationToken ct) => Envelope.From(await sender.Send(new GetHealth.Query(), ct)))
            .AnonymousContract<HealthView>()
            .WithName("GetHealth").WithTags("Meta").WithSummary("Service and database health (no authentication)");
    }
}
