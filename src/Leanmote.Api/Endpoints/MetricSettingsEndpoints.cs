using System.Text.Json;
using System.Text.Json.Serialization;
using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Metrics.Settings;
using Mediator;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Leanmote.Api.Endpoints;

public static class MetricSettingsEndpoints
{
    /// <summary>
    /// The shape of <c>PATCH …/metric-settings</c> for the OpenAPI document: every key optional, <c>null</c> resets it.
    /// The route itself reads the raw JSON object, so an absent key differs from <c>null</c> and every unknown key or
    /// wrong value is reported by name (adr/0041).
    /// </summary>
    public sealed record MetricSettingsPatch(
        [property: JsonPropertyName(MetricSettingKeys.DeploymentSource)] string? DeploymentSource,
        [property: JsonPropertyName(MetricSettingKeys.ProductionEnvironments)] IReadOnlyList<string>? ProductionEnvironments,
        [property: JsonPropertyName(MetricSettingKeys.CfrAttributionWindowHours)] int? CfrAttributionWindowHours,
        [property: JsonPropertyName(MetricSettingKeys.FailurePrPattern)] string? FailurePrPattern,
        [property: JsonPropertyName(MetricSettingKeys.FlowExcludeTypes)] IReadOnlyList<string>? FlowExcludeTypes,
        [property: JsonPropertyName(MetricSettingKeys.LargeMeetingMinAttendees)] int? LargeMeetingMinAttendees,
        [property: JsonPropertyName(MetricSettingKeys.MeetingMaxDurationHours)] decimal? MeetingMaxDurationHours,
        [property: JsonPropertyName(MetricSettingKeys.FocusBlockMinMinutes)] int? FocusBlockMinMinutes,
        [property: JsonPropertyName(MetricSettingKeys.WorkHoursStart)] string? WorkHoursStart,
        [property: JsonPropertyName(MetricSettingKeys.WorkHoursEnd)] string? WorkHoursEnd,
        [property: JsonPropertyName(MetricSettingKeys.WorkHoursDays)] IReadOnlyList<int>? WorkHoursDays,
        [property: JsonPropertyName(MetricSettingKeys.Currency)] string? Currency,
        [property: JsonPropertyName(MetricSettingKeys.DefaultHourlyCost)] decimal? DefaultHourlyCost);

    public static void MapMetricSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organizations/{organizationId}/metric-settings").WithTags("Metric settings");

        group.MapGet("/", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetMetricSettings.Query(organizationId, Query.From(req)), ct)))
            .Contract<GetMetricSettings.Query, MetricSettingsView>()
            .WithName("GetMetricSettings").WithSummary("Get the organization's effective metric settings, each with its default and source");

        group.MapPatch("/", async (string organizationId, JsonElement body, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new UpdateMetricSettings.Command(organizationId, body, Query.From(req), IdempotencyHeader.From(req)), ct)))
            .Accepts<MetricSettingsPatch>("application/json", "application/merge-patch+json")
            .AddOpenApiOperationTransformer(DescribePatchBodyAsync)
            .IdempotentWriteContract<UpdateMetricSettings.Command, MetricSettingsView>(StatusCodes.Status200OK)
            .WithName("UpdateMetricSettings").WithSummary("Change metric settings with JSON merge-patch semantics (null resets a key; admins only)");

        group.MapGet("/audit", async (string organizationId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListMetricSettingsAudit.Query(organizationId, Query.From(req)), ct)))
            .Contract<ListMetricSettingsAudit.Query, MetricSettingChangeView>()
            .WithName("ListMetricSettingsAudit").WithSummary("List the changes of the organization's metric settings (admins only)");
    }

    /// <summary>The route binds the raw <see cref="JsonElement"/>; the document shows the keys it accepts.</summary>
    private static async Task DescribePatchBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(MetricSettingsPatch), null, ct);
        schema.Required?.Clear();
        schema.Description = "A JSON merge patch: every key is optional, null resets it to its default; any other key is rejected.";
        foreach (var media in operation.RequestBody?.Content?.Values ?? []) media.Schema = schema;
    }
}
