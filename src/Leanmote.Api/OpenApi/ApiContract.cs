using Leanmote.Application.Common.Querying;

namespace Leanmote.Api.OpenApi;

/// <summary>
/// Endpoint metadata describing a route's contract for the OpenAPI document: its query parameters (from the
/// request's <see cref="QuerySpec"/>), its success status and the view inside the envelope.
/// </summary>
public sealed record ApiContract(QuerySpec Spec, Type? View, int SuccessStatus, bool Anonymous, bool Paginated)
{
    /// <summary>Further success statuses with the same body (an upsert answers 201 or 200).</summary>
    public IReadOnlyList<int> AlsoSucceedsWith { get; init; } = [];

    /// <summary>The write honours an <c>Idempotency-Key</c> header.</summary>
    public bool Idempotent { get; init; }
}

public static class ApiContractExtensions
{
    /// <summary>A route whose message parses query options: lists get paging/sort/filter parameters, single resources <c>fields</c>.</summary>
    public static RouteHandlerBuilder Contract<TMessage, TView>(this RouteHandlerBuilder route, int successStatus = StatusCodes.Status200OK)
        where TMessage : IHasQueryOptions<TMessage> =>
        route.WithMetadata(new ApiContract(TMessage.Spec, typeof(TView), successStatus, Anonymous: false, Paginated: TMessage.Spec.IsList))
            .Produces(successStatus);

    /// <summary>An idempotent write: <paramref name="successStatuses"/> (e.g. 201 created, 200 replayed or updated) and the Idempotency-Key header.</summary>
    public static RouteHandlerBuilder IdempotentWriteContract<TMessage, TView>(this RouteHandlerBuilder route, params int[] successStatuses)
        where TMessage : IHasQueryOptions<TMessage> =>
        route.WithMetadata(new ApiContract(TMessage.Spec, typeof(TView), successStatuses[0], Anonymous: false, Paginated: false)
            {
                AlsoSucceedsWith = successStatuses[1..],
                Idempotent = true,
            })
            .Produces(successStatuses[0]);

    /// <summary>A route answering 204 with no body.</summary>
    public static RouteHandlerBuilder NoContentContract<TMessage>(this RouteHandlerBuilder route)
        where TMessage : IHasQueryOptions<TMessage> =>
        route.WithMetadata(new ApiContract(TMessage.Spec, null, StatusCodes.Status204NoContent, Anonymous: false, Paginated: false))
            .Produces(StatusCodes.Status204NoContent);

    /// <summary>A route without query parameters or authentication.</summary>
    public static RouteHandlerBuilder AnonymousContract<TView>(this RouteHandlerBuilder route) =>
        route.WithMetadata(new ApiContract(QuerySpec.None, typeof(TView), StatusCodes.Status200OK, Anonymous: true, Paginated: false))
            .Produces(StatusCodes.Status200OK);
}

/// <summary>Endpoint metadata of a metrics route (metrics.md): its parameter rules and the shape of <c>data</c>.</summary>
public sealed record MetricsContract(Leanmote.Application.Metrics.Engine.MetricRouteSpec Route, Type Data, bool Post);

public static class MetricsContractExtensions
{
    public static RouteHandlerBuilder MetricsContract<TData>(this RouteHandlerBuilder route, Leanmote.Application.Metrics.Engine.MetricRouteSpec spec, bool post) =>
        route.WithMetadata(new ApiContract(QuerySpec.None, typeof(TData), StatusCodes.Status200OK, Anonymous: false, Paginated: false),
                new MetricsContract(spec, typeof(TData), post))
            .Produces(StatusCodes.Status200OK);
}
