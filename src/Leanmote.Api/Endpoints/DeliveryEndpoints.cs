using System.Text.Json;
using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Delivery;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class DeliveryEndpoints
{
    /// <summary>The body of <c>POST /v1/deployments</c> (rest-api.md §7), raw: the validator judges every field.</summary>
    public sealed record DeploymentBody(
        string? OrganizationId,
        string? RepositoryId,
        string? Repository,
        string? Environment,
        string? Status,
        string? ChangeType,
        string? CommitSha,
        string? Ref,
        IReadOnlyList<string>? PullRequestIds,
        IReadOnlyList<int>? PullRequestNumbers,
        string? TeamId,
        string? Service,
        string? StartedAt,
        string? FinishedAt,
        string? Source,
        string? ExternalId)
    {
        public ReportDeployment.Command ToCommand(QueryParameters parameters, string? idempotencyKey) => new(
            OrganizationId, RepositoryId, Repository, Environment, Status, ChangeType, CommitSha, Ref, PullRequestIds,
            PullRequestNumbers, TeamId, Service, StartedAt, FinishedAt, Source, ExternalId, parameters, idempotencyKey);
    }

    /// <summary>The body of <c>POST /v1/incidents</c>.</summary>
    public sealed record IncidentBody(
        string? OrganizationId,
        string? TeamId,
        string? RepositoryId,
        string? DeploymentId,
        string? Service,
        string? Title,
        string? Severity,
        string? Status,
        string? StartedAt,
        string? DetectedAt,
        string? ResolvedAt,
        string? Source,
        string? ExternalId)
    {
        public ReportIncident.Command ToCommand(QueryParameters parameters, string? idempotencyKey) => new(
            OrganizationId, TeamId, RepositoryId, DeploymentId, Service, Title, Severity, Status, StartedAt, DetectedAt,
            ResolvedAt, Source, ExternalId, parameters, idempotencyKey);
    }

    /// <summary>
    /// The body of <c>PATCH /v1/incidents/{id}</c> (JSON merge patch): raw members, so an absent member
    /// (<see cref="JsonValueKind.Undefined"/>) differs from an explicit <c>null</c>.
    /// </summary>
    public sealed record IncidentPatchBody(JsonElement Status, JsonElement ResolvedAt, JsonElement Severity, JsonElement DeploymentId, JsonElement Title)
    {
        public UpdateIncident.Command ToCommand(string incidentId, QueryParameters parameters, string? idempotencyKey) =>
            new(incidentId, Status, ResolvedAt, Severity, DeploymentId, Title, parameters, idempotencyKey);
    }

    public static void MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var deployments = app.MapGroup("/v1/deployments").WithTags("Delivery");

        deployments.MapGet("/", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListDeployments.Query(Query.From(req)), ct)))
            .Contract<ListDeployments.Query, DeploymentView>()
            .WithName("ListDeployments").WithSummary("List deployments");

        deployments.MapGet("/{deploymentId}", async (string deploymentId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetDeployment.Query(deploymentId, Query.From(req)), ct)))
            .Contract<GetDeployment.Query, DeploymentView>()
            .WithName("GetDeployment").WithSummary("Get one deployment");

        deployments.MapPost("/", async (DeploymentBody body, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(body.ToCommand(Query.From(req), IdempotencyHeader.From(req)), ct)))
            .IdempotentWriteContract<ReportDeployment.Command, DeploymentView>(StatusCodes.Status201Created, StatusCodes.Status200OK)
            .WithName("ReportDeployment").WithSummary("Report a deployment (idempotent on organization, source and external_id: 201 created, 200 updated)");

        var incidents = app.MapGroup("/v1/incidents").WithTags("Delivery");

        incidents.MapGet("/", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListIncidents.Query(Query.From(req)), ct)))
            .Contract<ListIncidents.Query, IncidentView>()
            .WithName("ListIncidents").WithSummary("List incidents");

        incidents.MapGet("/{incidentId}", async (string incidentId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetIncident.Query(incidentId, Query.From(req)), ct)))
            .Contract<GetIncident.Query, IncidentView>()
            .WithName("GetIncident").WithSummary("Get one incident");

        incidents.MapPost("/", async (IncidentBody body, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(body.ToCommand(Query.From(req), IdempotencyHeader.From(req)), ct)))
            .IdempotentWriteContract<ReportIncident.Command, IncidentView>(StatusCodes.Status201Created, StatusCodes.Status200OK)
            .WithName("ReportIncident").WithSummary("Report an incident (idempotent on organization, source and external_id: 201 created, 200 updated)");

        incidents.MapPatch("/{incidentId}", async (string incidentId, IncidentPatchBody body, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(body.ToCommand(incidentId, Query.From(req), IdempotencyHeader.From(req)), ct)))
            .Accepts<IncidentPatchBody>("application/json", "application/merge-patch+json")
            .IdempotentWriteContract<UpdateIncident.Command, IncidentView>(StatusCodes.Status200OK)
            .WithName("UpdateIncident").WithSummary("Update an incident with JSON merge-patch semantics");
    }
}
