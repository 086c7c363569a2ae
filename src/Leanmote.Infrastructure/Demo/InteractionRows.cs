namespace Leanmote.Infrastructure.Demo;

/// <summary>One row of <c>interactions</c>; Git, Calendar and Chat each emit their own kinds.</summary>
internal readonly record struct InteractionRow(
    long Id,
    long OrganizationId,
    string Type,
    string Source,
    long ActorId,
    long? TargetUserId,
    long? TeamId,
    string? ReferenceType,
    string? ReferenceId,
    DateTime OccurredAt)
{
    public static CopyTable<InteractionRow> NewTable() => new("interactions",
        "id, organization_id, type, source, actor_id, target_user_id, team_id, reference_type, reference_id, occurred_at, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Text(r.Type); w.Text(r.Source); w.Id(r.ActorId); w.Id(r.TargetUserId);
            w.Id(r.TeamId); w.Text(r.ReferenceType); w.Text(r.ReferenceId); w.Time(r.OccurredAt);
            w.Time(r.OccurredAt.AddMinutes(5));
        });
}
