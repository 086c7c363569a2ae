using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Metrics.Engine;
using Leanmote.Application.Metrics.TeamActivity;
using Mediator;

namespace Leanmote.Application.Metrics.Interactions;

public sealed record InteractionTypeCount(string Type, int Count);

/// <summary>A person of the graph: an actor in U or a platform user an in-scope interaction targeted.</summary>
public sealed record InteractionNode(string Id, string Name, IReadOnlyList<string> TeamIds, int InteractionsOut, int InteractionsIn);

public sealed record InteractionEdge(string Source, string Target, int Count, IReadOnlyDictionary<string, int> Types);

/// <summary>The interaction graph (shape G, metrics.md §7.6).</summary>
public sealed record InteractionGraphView(
    MetricView Summary,
    IReadOnlyList<InteractionTypeCount> ByType,
    IReadOnlyList<InteractionNode> Nodes,
    IReadOnlyList<InteractionEdge> Edges,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? EdgesTruncated,
    decimal? Density,
    decimal? CrossTeamPercent);

/// <summary>
/// <c>/v1/metrics/interactions</c> (shape G, metrics.md §7.6): who interacts with whom. People-private (§2.4): for a
/// collaborator U is narrowed to themself and the members of teams they manage.
/// </summary>
public static class GetInteractionGraph
{
    public const int MaxEdges = 500;

    public sealed record Query(MetricInput Input) : IQuery<Result<IMetricsDocument>>, IMetricRequest<Query>
    {
        public MetricRouteSpec Route => MetricRouteSpec.Graph;
        public AccessRequirement Access => Input.Organization;
        public MetricParameters? Parameters { get; private init; }
        public Query WithParameters(MetricParameters parameters) => this with { Parameters = parameters };
    }

    internal sealed class Handler(MetricRequestRunner runner) : IQueryHandler<Query, Result<IMetricsDocument>>
    {
        public ValueTask<Result<IMetricsDocument>> Handle(Query query, CancellationToken cancellationToken) =>
            runner.RunAsync(query.Parameters!, peoplePrivate: true, async context =>
            {
                var summary = await MetricEngine.ComputeAsync(InteractionMetrics.Interactions, context, cancellationToken);
                var rows = (await InteractionsInWindowAsync(context, cancellationToken)).ToList();
                return new MetricsDocument<InteractionGraphView>(Graph(context, summary, rows), runner.Meta(context));
            }, cancellationToken);
    }

    private static async Task<IEnumerable<InteractionFact>> InteractionsInWindowAsync(MetricContext context, CancellationToken ct) =>
        (await InteractionMetrics.InteractionsAsync(context, ct)).Where(i => context.Window.Contains(i.OccurredAt));

    private static InteractionGraphView Graph(MetricContext context, MetricView summary, IReadOnlyList<InteractionFact> rows)
    {
        var scope = context.Scope;
        var byType = rows.GroupBy(r => r.Type).Select(g => new InteractionTypeCount(g.Key, g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Type, StringComparer.Ordinal).ToList();

        var outgoing = rows.GroupBy(r => r.ActorId).ToDictionary(g => g.Key, g => g.Count());
        var incoming = rows.Where(r => r.TargetUserId is not null).GroupBy(r => r.TargetUserId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var nodes = outgoing.Keys.Union(incoming.Keys).Where(id => scope.Member(id) is not null).Order().Select(id =>
        {
            var member = scope.Member(id)!;
            return new InteractionNode(Identity.User(id), member.Name, [.. member.TeamIds.Order().Select(t => "team_" + t)],
                outgoing.GetValueOrDefault(id), incoming.GetValueOrDefault(id));
        }).ToList();

        var pairs = rows.Where(r => r.TargetUserId is not null).GroupBy(r => (Source: r.ActorId, Target: r.TargetUserId!.Value))
            .Select(g => (g.Key.Source, g.Key.Target, Count: g.Count(),
                Types: (IReadOnlyDictionary<string, int>)g.GroupBy(r => r.Type).OrderBy(t => t.Key, StringComparer.Ordinal)
                    .ToDictionary(t => t.Key, t => t.Count(), StringComparer.Ordinal)))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Source).ThenBy(p => p.Target).ToList();
        var edges = pairs.Take(MaxEdges).Select(p => new InteractionEdge(Identity.User(p.Source), Identity.User(p.Target), p.Count, p.Types)).ToList();

        var people = scope.People.Length;
        decimal? density = people < 2 ? null
            : Numbers.Round(100m * pairs.Count(p => p.Source != p.Target && scope.InPeople(p.Source) && scope.InPeople(p.Target)) / ((decimal)people * (people - 1)));

        var targeted = rows.Where(r => r.TargetUserId is { } t && scope.Member(t) is not null).ToList();
        decimal? crossTeam = targeted.Count == 0 ? null
            : Numbers.Round(100m * targeted.Count(r => !SharesTeam(scope, r.ActorId, r.TargetUserId!.Value)) / targeted.Count);

        return new InteractionGraphView(summary, byType, nodes, edges, pairs.Count > MaxEdges ? true : null, density, crossTeam);
    }

    private static bool SharesTeam(MetricScope scope, long a, long b) =>
        scope.Member(a) is { } x && scope.Member(b) is { } y && x.TeamIds.Intersect(y.TeamIds).Any();
}
