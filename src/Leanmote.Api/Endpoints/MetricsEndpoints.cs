using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Metrics;
using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;
using Leanmote.Application.Metrics.Interactions;
using Leanmote.Application.Metrics.Review;
using Leanmote.Application.Metrics.TeamActivity;
using Mediator;

namespace Leanmote.Api.Endpoints;

/// <summary>
/// The Metrics API under <c>/v1/metrics</c> (metrics.md §1): every route of <see cref="MetricCatalog"/> with exactly
/// the methods §1.2 lists (others answer 405 with <c>Allow</c>). A POST carries the GET's parameters as a JSON body.
/// </summary>
public static class MetricsEndpoints
{
    /// <summary>The largest POST body a metrics route reads (metrics.md §2.3).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static void MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        var metrics = app.MapGroup("/v1/metrics").WithTags("Metrics");

        foreach (var (path, definition) in MetricCatalog.Metrics)
        {
            metrics.MapGet("/" + path, (HttpRequest req, ISender sender, CancellationToken ct) =>
                    SendAsync(sender, new GetMetric.Query(path, MetricInput.Get(Query.From(req))), ct))
                .MetricsContract<MetricView>(MetricRouteSpec.Metric(definition.Breakdowns), post: false)
                .WithName("GetMetric_" + Name(path)).WithSummary($"{definition.Key} ({definition.Unit}, {MetricEngine.AggregationName(definition.Aggregation)})");
        }

        foreach (var (path, set) in MetricCatalog.Sets)
        {
            metrics.MapGet("/" + path, (HttpRequest req, ISender sender, CancellationToken ct) =>
                    SendAsync(sender, new GetMetricSet.Query(path, false, MetricInput.Get(Query.From(req))), ct))
                .MetricsContract<MetricSetView>(MetricRouteSpec.Set, post: false)
                .WithName("GetMetricSet_" + Name(path)).WithSummary($"The {set.Family} metric set");
        }

        foreach (var (path, set) in MetricCatalog.Aggregates)
        {
            metrics.MapGet("/" + path, (HttpRequest req, ISender sender, CancellationToken ct) =>
                    SendAsync(sender, new GetMetricSet.Query(path, true, MetricInput.Get(Query.From(req))), ct))
                .MetricsContract<MetricSetView>(MetricRouteSpec.Aggregate, post: false)
                .WithName("GetMetricAggregate_" + Name(path)).WithSummary($"The {set.Family} metric set with the request context");
            metrics.MapPost("/" + path, async (HttpRequest req, ISender sender, CancellationToken ct) =>
                    await ReadBodyAsync(req) is { } input
                        ? await SendAsync(sender, new GetMetricSet.Query(path, true, input), ct)
                        : BodyError(req))
                .MetricsContract<MetricSetView>(MetricRouteSpec.Aggregate, post: true)
                .WithName("PostMetricAggregate_" + Name(path)).WithSummary($"The {set.Family} metric set with the request context (parameters in the body)");
        }

        metrics.MapGet("/context", (HttpRequest req, ISender sender, CancellationToken ct) =>
                SendAsync(sender, new GetMetricsContext.Query(MetricInput.Get(Query.From(req))), ct))
            .MetricsContract<MetricsContextView>(MetricRouteSpec.Context, post: false)
            .WithName("GetMetricsContext").WithSummary("What the metrics routes cover for these parameters");
        metrics.MapPost("/context", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                await ReadBodyAsync(req) is { } input ? await SendAsync(sender, new GetMetricsContext.Query(input), ct) : BodyError(req))
            .MetricsContract<MetricsContextView>(MetricRouteSpec.Context, post: true)
            .WithName("PostMetricsContext").WithSummary("What the metrics routes cover for these parameters (in the body)");

        metrics.MapGet("/dora/allowed_users", (HttpRequest req, ISender sender, CancellationToken ct) =>
                SendAsync(sender, new ListDoraAllowedUsers.Query(MetricInput.Get(Query.From(req))), ct))
            .MetricsContract<MetricListView<AllowedUserView>>(ListDoraAllowedUsers.Spec, post: false)
            .WithName("ListDoraAllowedUsers").WithSummary("The people whose work feeds the people-based DORA numbers");

        metrics.MapGet("/review_collaboration/reviewer/all_merge_requests", (HttpRequest req, ISender sender, CancellationToken ct) =>
                SendAsync(sender, new ListReviewMergeRequests.Query(MetricInput.Get(Query.From(req))), ct))
            .MetricsContract<MetricListView<MergeRequestView>>(ListReviewMergeRequests.Spec, post: false)
            .WithName("ListReviewMergeRequests").WithSummary("The pull requests of the window with their review timeline values");

        metrics.MapGet("/review_collaboration/team_members", (HttpRequest req, ISender sender, CancellationToken ct) =>
                SendAsync(sender, new ListReviewTeamMembers.Query(MetricInput.Get(Query.From(req))), ct))
            .MetricsContract<MetricListView<TeamMemberActivityView>>(ListReviewTeamMembers.Spec, post: false)
            .WithName("ListReviewCollaborationTeamMembers").WithSummary("Per person: PRs, commits, reviews, comments, active days and review times");

        metrics.MapGet("/interactions", (HttpRequest req, ISender sender, CancellationToken ct) =>
                SendAsync(sender, new GetInteractionGraph.Query(MetricInput.Get(Query.From(req))), ct))
            .MetricsContract<InteractionGraphView>(MetricRouteSpec.Graph, post: false)
            .WithName("GetInteractionGraph").WithSummary("Who interacts with whom (people-private: narrowed for collaborators)");

        foreach (var path in new[] { "", "/all", "/get-data" })
        {
            var name = path.Length == 0 ? "Root" : Name(path.TrimStart('/'));
            metrics.MapGet(path, (HttpRequest req, ISender sender, CancellationToken ct) =>
                    SendAsync(sender, new GetMetricsPayload.Query(MetricInput.Get(Query.From(req))), ct))
                .MetricsContract<IReadOnlyDictionary<string, object?>>(MetricRouteSpec.Payload, post: false)
                .WithName("GetMetricsPayload_" + name).WithSummary("The full payload: context and every requested family");
            metrics.MapPost(path, async (HttpRequest req, ISender sender, CancellationToken ct) =>
                    await ReadBodyAsync(req) is { } input ? await SendAsync(sender, new GetMetricsPayload.Query(input), ct) : BodyError(req))
                .MetricsContract<IReadOnlyDictionary<string, object?>>(MetricRouteSpec.Payload, post: true)
                .WithName("PostMetricsPayload_" + name).WithSummary("The full payload (parameters in the body)");
        }
    }

    private static async Task<IResult> SendAsync<TQuery>(ISender sender, TQuery query, CancellationToken ct)
        where TQuery : IQuery<Result<IMetricsDocument>> =>
        Envelope.From(await sender.Send(query, ct));

    /// <summary>The body of a POST: JSON only (else 415), at most 64 KiB (else 413). Null when refused.</summary>
    private static async Task<MetricInput?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (!IsJson(request.ContentType)) return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length > 0 && !IsJson(request.ContentType)) return null;
        return MetricInput.Post(buffer.ToArray(), Query.From(request));
    }

    private static IResult BodyError(HttpRequest request) =>
        Envelope.From(Result<IMetricsDocument>.Fail(IsJson(request.ContentType) || request.ContentType is null && request.ContentLength is null or 0
            ? new Error(ErrorCode.PayloadTooLarge, $"Request body is larger than {MaxBodyBytes / 1024} KiB")
            : ErrorCatalog.ForStatus(StatusCodes.Status415UnsupportedMediaType)));

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static string Name(string path) => string.Concat(path.Split('/', '-', '_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
