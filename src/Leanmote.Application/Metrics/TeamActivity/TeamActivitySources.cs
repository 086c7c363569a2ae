using Leanmote.Application.Metrics.Dora;
using Leanmote.Application.Metrics.Engine;

namespace Leanmote.Application.Metrics.TeamActivity;

/// <summary>The kinds of <see cref="ActivityEvent"/> the team-activity source returns.</summary>
public static class ActivityKinds
{
    /// <summary>A non-merge commit authored by a person of U in a repository of R (<c>committed_at</c>).</summary>
    public const string Commit = "commit";

    /// <summary>A pull request of R opened by a person of U (<c>opened_at</c>).</summary>
    public const string PullRequestOpened = "pull_request_opened";

    /// <summary>A pull-request review submitted by a person of U on a PR of R (<c>submitted_at</c>, any state).</summary>
    public const string Review = "review";

    /// <summary>A pull-request comment by a person of U on a PR of R (<c>created_at</c>, any kind).</summary>
    public const string Comment = "comment";

    /// <summary>A task status change made by a platform user of U on a task of a board of B (<c>changed_at</c>).</summary>
    public const string TaskStatusChange = "task_status_change";

    /// <summary>
    /// A platform user's earliest comment, review or commit at or after <c>opened_at</c> on a PR of R they did not
    /// author, when that moment is in the span (metrics.md §7.5 "Avg Member Review Time").
    /// </summary>
    public const string FirstTouch = "first_touch";
}

/// <summary>
/// One activity of a person in the request's span (metrics.md §7.6): its kind, source row id, who (a platform user,
/// or an unmapped Git login in open scope), when, and — for PR events — the PR, its opening and whether the PR was
/// authored by someone else (<see cref="OnOthers"/>).
/// </summary>
public sealed record ActivityEvent(
    string Kind,
    long Id,
    long? UserId,
    string? Login,
    DateTimeOffset At,
    long? RepositoryId,
    long? PullRequestId,
    bool OnOthers,
    DateTimeOffset? OpenedAt)
{
    public string Person => UserId is { } id ? Identity.User(id) : Identity.Login(Login ?? "");
}

/// <summary>An <c>interactions</c> row of an actor in U (metrics.md §7.6 <c>/interactions</c>).</summary>
public sealed record InteractionFact(long Id, string Type, long ActorId, long? TargetUserId, DateTimeOffset OccurredAt);

public interface ITeamActivitySources
{
    /// <summary>
    /// Every <see cref="ActivityKinds"/> event of the people of U in [From, To): commits, PRs opened, reviews, PR comments, task
    /// status changes (boards of <paramref name="boardIds"/>, null = all) and first touches — one statement; bots never appear.
    /// </summary>
    Task<IReadOnlyList<ActivityEvent>> ReadActivityAsync(SourceQuery query, long[]? boardIds, CancellationToken ct);

    /// <summary>The <c>interactions</c> rows in [From, To) whose actor is in U and whose target (if any) is not a bot.</summary>
    Task<IReadOnlyList<InteractionFact>> ReadInteractionsAsync(SourceQuery query, CancellationToken ct);
}
