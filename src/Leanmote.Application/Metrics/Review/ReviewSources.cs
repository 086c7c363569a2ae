using Leanmote.Application.Metrics.Engine;

namespace Leanmote.Application.Metrics.Review;

public enum ReviewEventKind
{
    Commit,
    Comment,
    Review,
    Merge,
}

/// <summary>
/// One event of a pull request's timeline (metrics.md §6.2): a linked commit, a comment, a review, or the merge by
/// someone other than the author; on the author's side when its actor is the PR author, else on the reviewer side.
/// Bot actors never appear. <see cref="Id"/> is the source row's id (commit, comment, review; the PR's own for the merge).
/// </summary>
public sealed record PullRequestEvent(
    long Id,
    long PullRequestId,
    DateTimeOffset At,
    bool Reviewer,
    ReviewEventKind Kind,
    string? State,
    long? ActorId,
    string? ActorLogin)
{
    /// <summary>The actor's identity key (metrics.md §3.9), or null when the source row names nobody.</summary>
    public string? Actor => ActorId is { } id ? Identity.User(id) : ActorLogin is { } login ? Identity.Login(login) : null;

    /// <summary>The source row's public id: <c>cmt_</c>, <c>prc_</c>, <c>prr_</c>, or the PR's <c>pr_</c> for the merge.</summary>
    public string PublicId => Kind switch
    {
        ReviewEventKind.Commit => "cmt_" + Id,
        ReviewEventKind.Comment => "prc_" + Id,
        ReviewEventKind.Review => "prr_" + Id,
        _ => "pr_" + Id,
    };

    /// <summary>A review activity: a reviewer-side comment or review (any state).</summary>
    public bool IsReviewActivity => Reviewer && Kind is ReviewEventKind.Comment or ReviewEventKind.Review;

    /// <summary>Feedback: a reviewer-side comment, or a review with state <c>changes_requested</c> or <c>commented</c>.</summary>
    public bool IsFeedback => Reviewer && (Kind == ReviewEventKind.Comment
        || Kind == ReviewEventKind.Review && State is "changes_requested" or "commented");
}

public interface IReviewSources
{
    /// <summary>
    /// Every non-bot event of the given pull requests (linked commits, comments, reviews, and the merge when someone
    /// other than the author merged), ordered by pull request and time.
    /// </summary>
    Task<IReadOnlyList<PullRequestEvent>> ReadPullRequestEventsAsync(long organizationId, long[] pullRequestIds, long[] botUserIds, CancellationToken ct);
}
