using System.Text.Json;
using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Telemetry.Queries;
using Mediator;

namespace Leanmote.Api.Endpoints;

/// <summary>Generic telemetry queries (otel.md §9) and telemetry identities (§8.4).</summary>
public static class TelemetryQueryEndpoints
{
    /// <summary>The body of the identity PUT: the raw member, so a missing <c>user_id</c> differs from an explicit null.</summary>
    public sealed record IdentityMappingBody(JsonElement UserId);

    public static void MapTelemetryQueryEndpoints(this IEndpointRouteBuilder app)
    {
        var telemetry = app.MapGroup("/v1/telemetry").WithTags("Telemetry");

        telemetry.MapGet("/events", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTelemetryEvents.Query(Query.From(req)), ct)))
            .Contract<ListTelemetryEvents.Query, TelemetryEventView>()
            .WithName("ListTelemetryEvents").WithSummary("List normalized telemetry events (OTLP log records)");

        telemetry.MapGet("/events/{eventId}", async (string eventId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetTelemetryEvent.Query(eventId, Query.From(req)), ct)))
            .Contract<GetTelemetryEvent.Query, TelemetryEventView>()
            .WithName("GetTelemetryEvent").WithSummary("Get one telemetry event");

        telemetry.MapGet("/metric-series", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListMetricSeries.Query(Query.From(req)), ct)))
            .Contract<ListMetricSeries.Query, MetricSeriesView>()
            .WithName("ListMetricSeries").WithSummary("List metric series");

        telemetry.MapGet("/metric-series/{seriesId}/points", async (string seriesId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListMetricPoints.Query(seriesId, Query.From(req)), ct)))
            .Contract<ListMetricPoints.Query, MetricPointView>()
            .WithName("ListMetricPoints").WithSummary("List the data points of one metric series");

        telemetry.MapGet("/traces/{traceId}", async (string traceId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetTrace.Query(traceId, Query.From(req)), ct)))
            .Contract<GetTrace.Query, TraceView>()
            .WithName("GetTrace").WithSummary("Get the spans of one trace (at most 1000, not paginated)");

        telemetry.MapGet("/payloads", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTelemetryPayloads.Query(Query.From(req)), ct)))
            .Contract<ListTelemetryPayloads.Query, TelemetryPayloadView>()
            .WithName("ListTelemetryPayloads").WithSummary("List stored OTLP requests (the ingest audit trail; admins only)");

        var identities = app.MapGroup("/v1/organizations/{organizationId}/telemetry-identities").WithTags("Telemetry");

        identities.MapGet("/", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListTelemetryIdentities.Query(organizationId, Query.From(req)), ct)))
            .Contract<ListTelemetryIdentities.Query, TelemetryIdentityView>()
            .WithName("ListTelemetryIdentities").WithSummary("List the identities seen in telemetry and the users they map to");

        // the body is optional at binding so that access (404/403) is decided before the body is judged (400)
        identities.MapPut("/{identityId}", async (string organizationId, string identityId, IdentityMappingBody? body, HttpRequest req, ISender sender,
                    CancellationToken ct) =>
                Envelope.From(await sender.Send(new MapTelemetryIdentity.Command(organizationId, identityId, body?.UserId ?? default, Query.From(req)), ct)))
            .Contract<MapTelemetryIdentity.Command, TelemetryIdentityView>()
            .WithName("MapTelemetryIdentity").WithSummary("Map a telemetry identity to a member by hand, or unmap it with null");
    }
}
