using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Telemetry;
using Leanmote.Infrastructure.Telemetry;
using Mediator;

namespace Leanmote.Api.Telemetry;

public static class OtelEndpoints
{
    /// <summary>The body of an ingest token creation.</summary>
    public sealed record CreateIngestTokenBody(string? Name, IReadOnlyList<string>? AllowedSignals, string? ExpiresAt);

    /// <summary>Registers the OTLP ingest services and binds <c>Otel</c> settings (otel.md §4).</summary>
    public static IServiceCollection AddOtelIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTelemetryIngest();
        services.Configure<OtelOptions>(configuration.GetSection("Otel"));
        services.AddSingleton<OtlpIngestHandler>();
        return services;
    }

    /// <summary>
    /// Branches everything under <c>/otel</c> to the OTLP handler before the REST error pages and exception
    /// boundary, so the REST envelope never appears there (docs/adr/0032). Request ids are already assigned.
    /// </summary>
    public static IApplicationBuilder UseOtelIngest(this IApplicationBuilder app) =>
        app.MapWhen(http => http.Request.Path.StartsWithSegments("/otel", StringComparison.Ordinal),
            branch => branch.Run(http => http.RequestServices.GetRequiredService<OtlpIngestHandler>().HandleAsync(http)));

    /// <summary>Ingest token management (otel.md §2.4): REST conventions, admins of the organization only.</summary>
    public static void MapOtelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{organizationId}/ingest-tokens").WithTags("Telemetry");

        group.MapGet("/", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListIngestTokens.Query(organizationId, Query.From(req)), ct)))
            .Contract<ListIngestTokens.Query, IngestTokenView>()
            .WithName("ListIngestTokens").WithSummary("List an organization's OTLP ingest tokens (never the token or its hash)");

        group.MapPost("/", async (string organizationId, CreateIngestTokenBody? body, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new CreateIngestToken.Command(organizationId, body?.Name, body?.AllowedSignals, body?.ExpiresAt, Query.From(req)), ct)))
            .Contract<CreateIngestToken.Command, CreatedIngestTokenView>(StatusCodes.Status201Created)
            .WithName("CreateIngestToken").WithSummary("Create an OTLP ingest token; the token is shown only in this answer");

        group.MapDelete("/{tokenId}", async (string organizationId, string tokenId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new DeactivateIngestToken.Command(organizationId, tokenId, Query.From(req)), ct)))
            .NoContentContract<DeactivateIngestToken.Command>()
            .WithName("DeactivateIngestToken").WithSummary("Deactivate an OTLP ingest token (idempotent; effective within 60 s)");
    }
}
