using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Interactions;

public sealed record InteractionView(
    InteractionId Id,
    OrganizationId OrganizationId,
    string Type,
    string Source,
    UserId ActorId,
    UserId? TargetUserId,
    TeamId? TeamId,
    string? ReferenceType,
    string? ReferenceId,
    DateTimeOffset OccurredAt,
    DateTimeOffset CreatedAt);

internal static class InteractionSpecs
{
    internal static readonly string[] Sources =
        ["github", "gitlab", "bitbucket", "azure_devops", "jira", "linear", "clickup", "slack", "google_calendar", "claude_code", "github_copilot", "custom"];

    public static QuerySpec Interactions(bool teamFilter = true)
    {
        var spec = QuerySpec.For<InteractionView>()
            .Sortable("occurred_at", "created_at")
            .EnumFilter("type", "pr_review", "pr_comment", "pr_approval", "commit", "message", "reaction", "meeting", "mention")
            .EnumFilter("source", Sources)
            .IdFilter<UserId>("actor_id")
            .IdFilter<UserId>("target_user_id");
        if (teamFilter) spec.IdFilter<TeamId>("team_id");
        return spec.TimestampFilter("occurred_at");
    }
}

/// <summary>Interactions are people-private (rest-api.md §4): lists take the caller's <see cref="PeopleVisibility"/>.</summary>
public interface IInteractionReader
{
    Task<(IReadOnlyList<InteractionView> Rows, long Total)> ListAsync(
        QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct);

    /// <summary>Interactions whose actor is a member of the team.</summary>
    Task<(IReadOnlyList<InteractionView> Rows, long Total)> ListOfTeamAsync(
        TeamId team, QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct);

    /// <summary>Interactions where the user is the actor or the target.</summary>
    Task<(IReadOnlyList<InteractionView> Rows, long Total)> ListOfUserAsync(
        UserId user, QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct);

    Task<InteractionView?> GetAsync(InteractionId id, CancellationToken ct);
}
