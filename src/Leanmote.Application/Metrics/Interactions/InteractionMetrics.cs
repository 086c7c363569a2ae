using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;
using Leanmote.Application.Metrics.TeamActivity;

namespace Leanmote.Application.Metrics.Interactions;

/// <summary>
/// The interactions family (metrics.md §7.6 <c>/interactions</c>): its summary metric, shared by the graph route,
/// the full payload's <c>interactions</c> family and <c>/team-collaboration</c>. Interactions are people-private
/// (§2.4): every user of it computes over a context narrowed for collaborators (<see cref="MetricDefinition.PeoplePrivate"/>).
/// </summary>
public static class InteractionMetrics
{
    public const string Family = "interactions";

    public static MetricDefinition Interactions { get; } = new()
    {
        Family = Family,
        Key = "interactions",
        Unit = MetricUnits.Count,
        Aggregation = AggregationKind.Count,
        Breakdowns = Breakdown.Team | Breakdown.Member,
        ItemType = "interaction",
        ValueField = "count",
        Formula = "count of interactions whose actor is in U, occurred in the window",
        PeoplePrivate = true,
        Items = async (c, w, ct) => WindowItems.Of((await InteractionsAsync(c, ct)).Where(i => w.Contains(i.OccurredAt)).Select(i =>
            new MetricItem("int_" + i.Id, i.OccurredAt, 1, Identity.User(i.ActorId), c.Scope.TeamsOf(i.ActorId))
            {
                Fields = new Dictionary<string, object?>
                {
                    ["type"] = i.Type,
                    ["target_user_id"] = i.TargetUserId is { } t ? Identity.User(t) : null,
                },
                Source = i,
            })),
    };

    public static IReadOnlyList<MetricDefinition> Set { get; } = [Interactions];

    /// <summary>The in-scope interactions of the request's span (read once per request).</summary>
    public static Task<IReadOnlyList<InteractionFact>> InteractionsAsync(MetricContext c, CancellationToken ct) =>
        c.SourceAsync("interactions", t => c.Sources.ReadInteractionsAsync(SourceQuery.For(c), t), ct);
}
