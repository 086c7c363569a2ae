namespace Leanmote.Infrastructure.Demo;

internal sealed record DemoRepository(long Id, int Ordinal, string Name, string DefaultBranch, DemoTeam Team);

internal readonly record struct MergedPullRequest(long Id, DateTime MergedAt, string MergeSha);

/// <summary>
/// Repositories and a year of Git activity: pull requests with their commits, reviews and comments
/// (denormalized first_commit_at / first_review_at / first_approval_at computed from the very events
/// written, as metrics.md §6.2 defines them), merge commits, direct commits, and the review interactions.
/// Authors and reviewers include the organization's bot member, unmapped bot logins and unmapped humans
/// (<see cref="GitIdentities"/>); review, merge and deployment speed follow the team's <see cref="DeliveryPace"/>.
/// Each repository's merged pull requests are handed to <see cref="DeliveryGenerator"/>.
/// </summary>
internal sealed class GitGenerator(DemoContext ctx, DeliveryGenerator delivery)
{
    private const int FlushEvery = 30_000;
    private const string ClaudeTrailer = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>";

    private readonly CopyTable<RepositoryRow> repositories = new("repositories",
        "id, organization_id, app_id, team_id, name, full_name, default_branch, url, is_private, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.AppId); w.Id(r.TeamId); w.Text(r.Name); w.Text(r.FullName);
            w.Text(r.DefaultBranch); w.Text($"https://github.com/{r.FullName}"); w.Bool(r.IsPrivate); w.Time(r.CreatedAt);
        });

    private readonly CopyTable<CommitRow> commits = new("commits",
        "id, organization_id, repository_id, sha, message, author_id, author_login, author_name, author_email, " +
        "committed_at, authored_at, additions, deletions, is_merge, is_ai_assisted, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.RepositoryId); w.Text(r.Sha); w.Text(r.Message);
            w.Id(r.AuthorId); w.Text(r.AuthorLogin); w.Text(r.AuthorName); w.Text(r.AuthorEmail);
            w.Time(r.CommittedAt); w.Time(r.AuthoredAt); w.Int(r.Additions); w.Int(r.Deletions);
            w.Bool(r.IsMerge); w.Bool(r.IsAiAssisted); w.Time(r.CommittedAt.AddMinutes(3));
        });

    private readonly CopyTable<PullRequestRow> pullRequests = new("pull_requests",
        "id, organization_id, repository_id, number, title, state, author_id, author_login, base_branch, head_branch, " +
        "additions, deletions, commits_count, comments_count, review_count, is_draft, ready_for_review_at, opened_at, " +
        "first_commit_at, first_review_at, first_approval_at, merged_at, merged_by_id, merged_by_login, closed_at, " +
        "is_ai_assisted, labels, created_at, updated_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.RepositoryId); w.Int(r.Number); w.Text(r.Title); w.Text(r.State);
            w.Id(r.AuthorId); w.Text(r.AuthorLogin); w.Text(r.BaseBranch); w.Text(r.HeadBranch);
            w.Int(r.Additions); w.Int(r.Deletions); w.Int(r.CommitsCount); w.Int(r.CommentsCount); w.Int(r.ReviewCount);
            w.Bool(r.IsDraft); w.Time(r.ReadyForReviewAt); w.Time(r.OpenedAt);
            w.Time(r.FirstCommitAt); w.Time(r.FirstReviewAt); w.Time(r.FirstApprovalAt); w.Time(r.MergedAt);
            w.Id(r.MergedById); w.Text(r.MergedByLogin); w.Time(r.ClosedAt);
            w.Bool(r.IsAiAssisted); w.TextArray(r.Labels); w.Time(r.OpenedAt); w.Time(r.UpdatedAt);
        });

    private readonly CopyTable<PullRequestCommitRow> pullRequestCommits = new("pull_request_commits",
        "organization_id, pull_request_id, commit_id",
        static (w, in r) => { w.Id(r.OrganizationId); w.Id(r.PullRequestId); w.Id(r.CommitId); });

    private readonly CopyTable<ReviewRow> reviews = new("pull_request_reviews",
        "id, organization_id, pull_request_id, reviewer_id, reviewer_login, state, body_length, submitted_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.PullRequestId); w.Id(r.ReviewerId); w.Text(r.ReviewerLogin);
            w.Text(r.State); w.Int(r.BodyLength); w.Time(r.SubmittedAt);
        });

    private readonly CopyTable<CommentRow> comments = new("pull_request_comments",
        "id, organization_id, pull_request_id, author_id, author_login, kind, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.PullRequestId); w.Id(r.AuthorId); w.Text(r.AuthorLogin);
            w.Text(r.Kind); w.Time(r.CreatedAt);
        });

    private readonly CopyTable<InteractionRow> interactions = InteractionRow.NewTable();

    private GitIdentities identities = null!;

    private Random R => ctx.Random;

    private DateTime End => ctx.Time.End;

    public async Task GenerateAsync(DemoOrganization org, CancellationToken ct)
    {
        identities = new GitIdentities(org.CreatedAt);
        var repos = CreateRepositories(org);
        await repositories.FlushAsync(ctx.Copy, ct);

        // The elite team merges small changes often; the low team merges fewer, bigger ones.
        var prTargets = DemoAllocation.Split(R, org.Shape.PullRequests,
            repos.Select(r => r.Team.Pace switch { DeliveryPace.Elite => 2.5, DeliveryPace.Low => 0.6, _ => 1.0 }).ToList());
        var assignedCommits = 0;
        for (var i = 0; i < repos.Count; i++)
        {
            // Commits follow the pull requests: a busy repository is busy in both.
            var commitTarget = i == repos.Count - 1
                ? org.Shape.Commits - assignedCommits
                : (int)((long)org.Shape.Commits * prTargets[i] / org.Shape.PullRequests);
            assignedCommits += commitTarget;
            var merged = GenerateRepository(org, repos[i], prTargets[i], commitTarget);
            delivery.AddRepository(org, repos[i], merged);
            if (commits.Count >= FlushEvery)
            {
                await FlushAsync(ct);
            }
        }
        delivery.AddTeamIncidents(org);
        await FlushAsync(ct);
    }

    private List<DemoRepository> CreateRepositories(DemoOrganization org)
    {
        var result = new List<DemoRepository>();
        var names = new HashSet<string>();
        for (var i = 0; i < org.Shape.Repositories; i++)
        {
            var team = org.Teams[i % org.Teams.Count];
            var name = $"{DemoNames.Slug(team.Name)}-{R.Pick(DemoNames.RepositorySuffixes)}";
            for (var n = 2; !names.Add(name); n++)
            {
                name = $"{DemoNames.Slug(team.Name)}-{R.Pick(DemoNames.RepositorySuffixes)}-{n}";
            }
            var repo = new DemoRepository(ctx.Ids.Repositories.Next(), i, name, R.Chance(0.85) ? "main" : "master", team);
            result.Add(repo);
            repositories.Add(new RepositoryRow(repo.Id, org.Id, org.Apps.GitHub, team.Id, name, $"{org.Shape.Slug}/{name}",
                repo.DefaultBranch, !R.Chance(0.1), org.CreatedAt.AddDays(R.Next(1, 300))));
        }
        return result;
    }

    private List<MergedPullRequest> GenerateRepository(DemoOrganization org, DemoRepository repo, int pullRequestCount, int commitTarget)
    {
        var opened = new DateTime[pullRequestCount];
        for (var i = 0; i < pullRequestCount; i++)
        {
            opened[i] = ctx.Time.WorkMoment(R, ctx.Time.Start, End.AddHours(-1));
        }
        Array.Sort(opened);

        var merged = new List<MergedPullRequest>();
        var commitsWritten = 0;
        for (var i = 0; i < pullRequestCount; i++)
        {
            commitsWritten += GeneratePullRequest(org, repo, i + 1, opened[i], merged);
        }

        // Direct pushes (small fixes, release chores) fill the repository up to its commit target.
        for (; commitsWritten < commitTarget; commitsWritten++)
        {
            var t = ctx.Time.WorkMoment(R, ctx.Time.Start, End);
            if (R.Chance(0.01))
            {
                AddCommit(org, repo, null, t, $"Fix typo in {R.Pick(DemoNames.Things)} docs", ai: false, isMerge: false);
                continue;
            }
            var author = R.Chance(0.03) ? org.Bot : org.PickActive(R, repo.Team, t);
            var message = author.IsBot ? "chore: update lockfile" : DemoNames.Title(R);
            AddCommit(org, repo, author, t, message, ai: false, isMerge: false);
        }
        merged.Sort((a, b) => a.MergedAt.CompareTo(b.MergedAt));
        return merged;
    }

    /// <summary>Generates one pull request and its events; returns the number of commits written.</summary>
    private int GeneratePullRequest(DemoOrganization org, DemoRepository repo, int number, DateTime openedAt, List<MergedPullRequest> merged)
    {
        var pace = PaceOf(repo.Team.Pace);
        var isBot = R.Chance(0.05);
        // Bot PRs come from the organization's own dependency bot (a member with is_bot) or from an unmapped
        // renovate[bot]; now and then an outside contributor without a platform user opens one.
        var author = isBot ? (R.Chance(0.7) ? org.Bot : identities.Renovate)
            : R.Chance(0.02) ? R.Pick(identities.Outsiders) : org.PickActive(R, repo.Team, openedAt);
        var kindRoll = R.NextDouble();
        var kind = isBot ? PrKind.Dependency : kindRoll < 0.03 ? PrKind.Hotfix : kindRoll < 0.04 ? PrKind.Revert : PrKind.Feature;
        var pr = new PrState(ctx.Ids.PullRequests.Next(), org.Id, repo, author, openedAt);
        var commitsBefore = commits.Count;

        var (title, head, labels) = Describe(kind, repo, number);
        var yearShare = (openedAt - ctx.Time.Start).TotalDays / 365;
        pr.IsAiAssisted = !isBot && R.Chance(0.08 + (0.4 * yearShare));

        // Drafts become ready for review later, or (one in five, and those opened lately) stay drafts.
        DateTime? readyAt = null;
        var isDraft = !isBot && kind == PrKind.Feature && R.Chance(0.1);
        if (isDraft)
        {
            var ready = DemoTime.Later(R, openedAt, 2, 72);
            readyAt = ready < End && !R.Chance(0.2) ? ready : null;
        }
        var reviewFrom = isDraft ? readyAt : openedAt;

        // Work done before opening (now and then with a teammate pairing on it, before the PR exists).
        var commitCount = isBot ? 1 : 1 + R.Geometric(0.5, 7);
        var firstWork = openedAt - (isBot ? R.Hours(0.2, 0.2) : R.Hours(pace.WorkMin, pace.WorkMax));
        for (var i = 0; i < commitCount; i++)
        {
            var t = firstWork + ((openedAt - firstWork) * i / commitCount);
            AddPrCommit(org, pr, author, t.AddSeconds(-R.Next(0, 600)), DemoNames.Title(R));
        }
        if (!isBot && R.Chance(0.03))
        {
            AddPrCommit(org, pr, org.PickActive(R, repo.Team, openedAt, except: author), openedAt.AddMinutes(-R.Next(5, 120)),
                $"Pair on {DemoNames.Title(R)}");
        }
        if (isDraft)
        {
            // Work-in-progress pushes while the PR is a draft: follow-on commits before anyone reviews.
            var wipEnd = readyAt ?? openedAt.AddDays(3);
            for (var k = R.Next(1, 3); k > 0; k--)
            {
                var t = openedAt + ((wipEnd - openedAt) * R.NextDouble());
                if (t < End)
                {
                    AddPrCommit(org, pr, author, t, $"WIP: {DemoNames.Title(R)}");
                }
            }
        }

        // Review bots comment within minutes of opening; they are never the first review (metrics.md §3.9).
        if (reviewFrom is { } botFrom && R.Chance(0.12))
        {
            var t = botFrom.AddMinutes(R.Next(2, 15));
            if (t < End)
            {
                if (R.Chance(0.5))
                {
                    AddReview(org, pr, identities.ReviewBot, "commented", t);
                }
                else
                {
                    AddComment(org, pr, org.Bot, t, "conversation"); // coverage report
                }
            }
        }
        if (author.IsBot && reviewFrom is { } autoFrom && R.Chance(0.4))
        {
            // Auto-approval of dependency bumps by the CI bot: an approval that is not a first approval.
            AddReview(org, pr, author == org.Bot ? identities.ReviewBot : org.Bot, "approved", autoFrom.AddMinutes(R.Next(1, 5)));
        }

        // Review rounds.
        var reviewerCount = isBot ? 1 : R.Chance(0.05) ? 0 : R.Chance(0.63) ? 1 : 2;
        var reviewers = new List<Person>(2);
        for (var i = 0; i < reviewerCount; i++)
        {
            var reviewer = !isBot && R.Chance(0.03) ? R.Pick(identities.Outsiders) : org.PickActive(R, repo.Team, openedAt, except: author);
            if (!reviewers.Contains(reviewer) && reviewer != author)
            {
                reviewers.Add(reviewer);
            }
        }
        pr.FirstReviewer = reviewers.Count > 0 ? reviewers[0] : null;

        var abandon = kind == PrKind.Feature && R.Chance(0.05);
        var stale = kind == PrKind.Feature && R.Chance(0.015);
        DateTime? approvedAt = null;
        Person? approver = null;
        var t0 = reviewFrom ?? End;
        var clock = t0;
        var fast = kind is PrKind.Hotfix or PrKind.Revert or PrKind.Dependency;
        if (!isBot && reviewFrom is { } rf && R.Chance(0.3))
        {
            AddComment(org, pr, author, rf.AddMinutes(R.Next(1, 30)), "conversation"); // "ready for review, CI is green"
        }
        if (!isBot && reviewFrom is { } selfFrom && R.Chance(0.03))
        {
            // The author approves their own PR (allowed by some tools): author side, never a first approval.
            AddReview(org, pr, author, "approved", selfFrom.AddMinutes(R.Next(1, 20)));
        }
        for (var round = 1; reviewers.Count > 0 && reviewFrom is not null && approvedAt is null && round <= 4; round++)
        {
            var reviewer = round == 1 ? reviewers[0] : R.Pick(reviewers);
            clock = DemoTime.Later(R, clock, fast ? 0.1 : pace.ReviewMin, fast ? 3 : pace.ReviewMax);
            if (clock >= End)
            {
                break;
            }
            var requestChanges = !isBot && !fast && round < 3 && R.Chance(round == 1 ? 0.35 : 0.15);
            if (requestChanges)
            {
                var threads = R.Next(1, 4);
                for (var k = 0; k < threads; k++)
                {
                    AddComment(org, pr, reviewer, clock.AddSeconds(30 * k), "review_thread");
                }
                var feedback = R.NextDouble();
                AddReview(org, pr, reviewer, feedback < 0.55 ? "changes_requested" : feedback < 0.88 ? "commented" : "dismissed",
                    clock.AddSeconds(30 * threads));
                if (R.Chance(0.3))
                {
                    AddComment(org, pr, author, DemoTime.Later(R, clock, 0.2, 4), R.Chance(0.5) ? "review_thread" : "conversation");
                }
                if (abandon)
                {
                    break;
                }
                // The author (now and then the reviewer) pushes follow-up commits, sometimes merging the base branch in first.
                clock = DemoTime.Later(R, clock, pace.ReviewMin, pace.FollowUpMax);
                if (clock >= End)
                {
                    break;
                }
                if (R.Chance(0.15))
                {
                    AddPrCommit(org, pr, R.Chance(0.2) ? reviewer : author, clock, $"Merge branch '{repo.DefaultBranch}' into {head}", isMerge: true);
                    clock = clock.AddMinutes(R.Next(2, 10));
                }
                for (var k = 1 + R.Geometric(0.4, 2); k > 0; k--)
                {
                    AddPrCommit(org, pr, R.Chance(0.05) ? reviewer : author, clock, $"Address review: {DemoNames.Title(R)}");
                    clock = clock.AddMinutes(R.Next(5, 40));
                }
                continue;
            }
            if (R.Chance(0.25))
            {
                AddComment(org, pr, reviewer, clock.AddSeconds(-60), "review_thread");
            }
            AddReview(org, pr, reviewer, "approved", clock);
            approvedAt = clock;
            approver = reviewer;
            if (reviewers.Count > 1 && R.Chance(0.6))
            {
                var second = reviewers[0] == reviewer ? reviewers[1] : reviewers[0];
                var t2 = clock + R.Hours(0.1, 6);
                if (t2 < End)
                {
                    AddReview(org, pr, second, R.Chance(0.7) ? "approved" : "commented", t2);
                }
            }
        }
        if (!isBot && R.Chance(0.1) && reviewFrom is { } from)
        {
            // A drive-by comment from someone else in the organization.
            var t = DemoTime.Later(R, from, 1, 48);
            if (t < End)
            {
                AddComment(org, pr, org.PickActive(R, null, t, except: author), t, "conversation");
            }
        }

        // Outcome: merged after approval (or self-merged without review), closed, or still open.
        DateTime? mergedAt = null, closedAt = null;
        Person? mergedBy = null;
        if (stale)
        {
            // stays open
        }
        else if (abandon)
        {
            var t = DemoTime.Later(R, clock, 24, 400);
            closedAt = t < End ? t : null;
        }
        else if (approvedAt is { } approved)
        {
            var t = DemoTime.Later(R, approved, 0.05, fast ? 2 : pace.MergeMax);
            if (t < End)
            {
                if (R.Chance(0.95))
                {
                    mergedAt = t;
                    mergedBy = isBot || !author.IsMapped || R.Chance(0.35) ? approver : author;
                }
                else
                {
                    closedAt = t;
                }
            }
        }
        else if (reviewers.Count == 0 && reviewFrom is { } noReview)
        {
            var t = DemoTime.Later(R, noReview, 0.1, pace.FollowUpMax);
            if (t < End)
            {
                if (R.Chance(0.8))
                {
                    mergedAt = t;
                    mergedBy = author;
                }
                else
                {
                    closedAt = t;
                }
            }
        }

        if (mergedAt is { } m)
        {
            closedAt = m;
            // GitHub's merge commit lands on the base branch; it is not one of the PR's commits.
            var mergeSha = AddCommit(org, repo, mergedBy, m, $"Merge pull request #{number} from {org.Shape.Slug}/{head}",
                ai: false, isMerge: true);
            merged.Add(new MergedPullRequest(pr.Id, m, mergeSha));
        }
        pr.Observe(author, closedAt ?? openedAt);

        var state = mergedAt is not null ? "merged" : closedAt is not null ? "closed" : "open";
        pullRequests.Add(new PullRequestRow(pr.Id, org.Id, repo.Id, number, title, state, author.UserId, author.Login,
            repo.DefaultBranch, head, pr.Additions, pr.Deletions, pr.CommitCount, pr.CommentCount, pr.ReviewCount,
            isDraft && readyAt is null, readyAt, openedAt, pr.FirstCommitAt, pr.FirstInteractionAt, pr.FirstApprovalAt,
            mergedAt, mergedBy?.UserId, mergedBy?.Login, closedAt, pr.IsAiAssisted && pr.AiCommitCount > 0, labels, pr.LastEventAt));
        return commits.Count - commitsBefore;
    }

    private (string Title, string Head, string[] Labels) Describe(PrKind kind, DemoRepository repo, int number)
    {
        switch (kind)
        {
            case PrKind.Dependency:
                var dep = R.Pick(DemoNames.Dependencies);
                var (major, minor, patch) = (R.Next(1, 9), R.Next(0, 30), R.Next(0, 20));
                return ($"Bump {dep} from {major}.{minor}.{patch} to {major}.{minor}.{patch + 1}",
                    $"deps/{dep}-{major}.{minor}.{patch + 1}", ["dependencies"]);
            case PrKind.Hotfix:
                var fix = R.Pick(DemoNames.Things);
                return ($"HF: {fix}", $"hotfix/{DemoNames.Slug(fix)}", ["hotfix", "bug"]);
            case PrKind.Revert:
                return ($"Revert \"{DemoNames.Title(R)}\"", $"revert-{number}", []);
            default:
                var title = DemoNames.Title(R);
                var labelCount = R.Next(0, 3);
                var labels = labelCount == 0 ? [] : R.Sample(DemoNames.Labels, labelCount).ToArray();
                return (title, $"feature/{repo.Team.Key.ToLowerInvariant()}-{R.Next(1, 3000)}-{DemoNames.Slug(title)}", labels);
        }
    }

    private void AddPrCommit(DemoOrganization org, PrState pr, Person author, DateTime t, string message, bool isMerge = false)
    {
        var ai = !isMerge && pr.IsAiAssisted && !author.IsBot && (pr.AiCommitCount == 0 || R.Chance(0.6));
        var additions = isMerge ? 0 : R.LogUniform(400);
        var deletions = (int)(additions * R.Between(0, 0.6));
        var commitId = ctx.Ids.Commits.Next();
        commits.Add(new CommitRow(commitId, org.Id, pr.Repository.Id, R.Hex(20), ai ? message + ClaudeTrailer : message,
            author.UserId, author.Login, author.Name, author.Email, t, R.Chance(0.3) ? t - R.Hours(0, 6) : t,
            additions, deletions, isMerge, ai));
        pullRequestCommits.Add(new PullRequestCommitRow(org.Id, pr.Id, commitId));
        pr.CommitCount++;
        pr.Additions += additions;
        pr.Deletions += deletions;
        pr.AiCommitCount += ai ? 1 : 0;
        pr.FirstCommitAt = pr.FirstCommitAt is { } first && first <= t ? first : t;
        pr.Observe(author, t);
        if (author != pr.Author && t >= pr.OpenedAt)
        {
            AddInteraction(org, pr, "commit", author, pr.Author, t);
        }
    }

    /// <summary>A commit not linked to a pull request (merge commit or direct push); <paramref name="author"/> null = unknown outsider.</summary>
    private string AddCommit(DemoOrganization org, DemoRepository repo, Person? author, DateTime t, string message, bool ai, bool isMerge)
    {
        var sha = R.Hex(20);
        var additions = isMerge ? 0 : R.LogUniform(120);
        var deletions = isMerge ? 0 : (int)(additions * R.Between(0, 0.8));
        commits.Add(new CommitRow(ctx.Ids.Commits.Next(), org.Id, repo.Id, sha, message, author?.UserId,
            author?.Login ?? "octo-contributor", author?.Name ?? "Outside Contributor",
            author?.Email ?? "contributor@users.noreply.github.com", t, t, additions, deletions, isMerge, ai));
        return sha;
    }

    private void AddReview(DemoOrganization org, PrState pr, Person reviewer, string state, DateTime t)
    {
        reviews.Add(new ReviewRow(ctx.Ids.Reviews.Next(), org.Id, pr.Id, reviewer.UserId, reviewer.Login, state,
            state == "approved" && R.Chance(0.6) ? 0 : R.Next(10, 600), t));
        pr.ReviewCount++;
        pr.Observe(reviewer, t, isApproval: state == "approved");
        if (reviewer == pr.Author)
        {
            return; // a self-approval is nobody's interaction
        }
        AddInteraction(org, pr, state == "approved" ? "pr_approval" : "pr_review", reviewer, pr.Author, t);
    }

    private void AddComment(DemoOrganization org, PrState pr, Person author, DateTime t, string kind)
    {
        comments.Add(new CommentRow(ctx.Ids.Comments.Next(), org.Id, pr.Id, author.UserId, author.Login, kind, t));
        pr.CommentCount++;
        pr.Observe(author, t);
        var target = author == pr.Author ? pr.FirstReviewer : pr.Author;
        AddInteraction(org, pr, "pr_comment", author, target, t);
        if (target is { IsMapped: true } && !author.IsBot && author.IsMapped && R.Chance(0.1))
        {
            AddInteraction(org, pr, "mention", author, target, t);
        }
    }

    /// <summary>Interactions are between platform users: bots and unmapped logins act in none, unmapped targets are null.</summary>
    private void AddInteraction(DemoOrganization org, PrState pr, string type, Person actor, Person? target, DateTime t)
    {
        if (actor.IsBot || !actor.IsMapped)
        {
            return;
        }
        interactions.Add(new InteractionRow(ctx.Ids.Interactions.Next(), org.Id, type, "github", actor.Id, target?.UserId,
            pr.Repository.Team.Id, "pull_request", $"pr_{pr.Id}", t));
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        await commits.FlushAsync(ctx.Copy, ct);
        await pullRequests.FlushAsync(ctx.Copy, ct);
        await pullRequestCommits.FlushAsync(ctx.Copy, ct);
        await reviews.FlushAsync(ctx.Copy, ct);
        await comments.FlushAsync(ctx.Copy, ct);
        await delivery.FlushAsync(ct);
        await interactions.FlushAsync(ctx.Copy, ct);
    }

    private enum PrKind { Feature, Hotfix, Revert, Dependency }

    /// <summary>Hours of work before opening, of each review wait, of a follow-up push and of approval-to-merge, per team pace.</summary>
    private readonly record struct PrPace(double WorkMin, double WorkMax, double ReviewMin, double ReviewMax, double FollowUpMax, double MergeMax);

    private static PrPace PaceOf(DeliveryPace pace) => pace switch
    {
        DeliveryPace.Elite => new PrPace(0.1, 3, 0.05, 2, 2, 0.5),
        DeliveryPace.Low => new PrPace(72, 900, 4, 120, 96, 72),
        _ => new PrPace(0.2, 48, 0.3, 26, 20, 20),
    };

    /// <summary>
    /// Git logins of one organization without a platform user (metrics.md §3.9): outside contributors, an
    /// unmapped renovate[bot] that opens dependency PRs, and a code-scanning bot that reviews.
    /// </summary>
    private sealed class GitIdentities(DateTime createdAt)
    {
        public IReadOnlyList<Person> Outsiders { get; } =
        [
            Unmapped("octo-contributor", "Outside Contributor", false, createdAt),
            Unmapped("kim-freelance", "Kim Freelance", false, createdAt),
            Unmapped("ext-reviewer-lee", "Lee (contractor)", false, createdAt),
        ];

        public Person Renovate { get; } = Unmapped("renovate[bot]", "Renovate Bot", true, createdAt);

        public Person ReviewBot { get; } = Unmapped("sonarqubecloud[bot]", "SonarQube Cloud", true, createdAt);

        private static Person Unmapped(string login, string name, bool bot, DateTime createdAt) => new()
        {
            Id = 0, Name = name, Email = $"{login.Replace("[bot]", "-bot", StringComparison.Ordinal)}@users.noreply.github.com",
            Login = login, Title = bot ? "Automation" : "Contributor", TimeZone = "UTC", CreatedAt = createdAt,
            IsBot = bot, IsMapped = false,
        };
    }

    /// <summary>
    /// Running totals of one pull request. <see cref="Observe"/> applies metrics.md §6.2: reviewer side =
    /// a non-bot actor other than the author, at or after opened_at; the merge itself is not an event.
    /// </summary>
    private sealed class PrState(long id, long organizationId, DemoRepository repository, Person author, DateTime openedAt)
    {
        public long Id { get; } = id;
        public long OrganizationId { get; } = organizationId;
        public DemoRepository Repository { get; } = repository;
        public Person Author { get; } = author;
        public DateTime OpenedAt { get; } = openedAt;
        public Person? FirstReviewer { get; set; }
        public bool IsAiAssisted { get; set; }
        public int CommitCount { get; set; }
        public int AiCommitCount { get; set; }
        public int CommentCount { get; set; }
        public int ReviewCount { get; set; }
        public int Additions { get; set; }
        public int Deletions { get; set; }
        public DateTime? FirstCommitAt { get; set; }
        public DateTime? FirstInteractionAt { get; private set; }
        public DateTime? FirstApprovalAt { get; private set; }
        public DateTime LastEventAt { get; private set; } = openedAt;

        public void Observe(Person actor, DateTime t, bool isApproval = false)
        {
            if (t > LastEventAt)
            {
                LastEventAt = t;
            }
            if (actor == Author || actor.IsBot || t < OpenedAt)
            {
                return;
            }
            if (FirstInteractionAt is null || t < FirstInteractionAt)
            {
                FirstInteractionAt = t;
            }
            if (isApproval && (FirstApprovalAt is null || t < FirstApprovalAt))
            {
                FirstApprovalAt = t;
            }
        }
    }

    private readonly record struct RepositoryRow(long Id, long OrganizationId, long AppId, long TeamId, string Name, string FullName, string DefaultBranch, bool IsPrivate, DateTime CreatedAt);
    private readonly record struct CommitRow(long Id, long OrganizationId, long RepositoryId, string Sha, string Message, long? AuthorId,
        string? AuthorLogin, string? AuthorName, string? AuthorEmail, DateTime CommittedAt, DateTime AuthoredAt, int Additions, int Deletions,
        bool IsMerge, bool IsAiAssisted);
    private readonly record struct PullRequestRow(long Id, long OrganizationId, long RepositoryId, int Number, string Title, string State,
        long? AuthorId, string AuthorLogin, string BaseBranch, string HeadBranch, int Additions, int Deletions, int CommitsCount,
        int CommentsCount, int ReviewCount, bool IsDraft, DateTime? ReadyForReviewAt, DateTime OpenedAt, DateTime? FirstCommitAt,
        DateTime? FirstReviewAt, DateTime? FirstApprovalAt, DateTime? MergedAt, long? MergedById, string? MergedByLogin,
        DateTime? ClosedAt, bool IsAiAssisted, string[] Labels, DateTime UpdatedAt);
    private readonly record struct PullRequestCommitRow(long OrganizationId, long PullRequestId, long CommitId);
    private readonly record struct ReviewRow(long Id, long OrganizationId, long PullRequestId, long? ReviewerId, string ReviewerLogin, string State, int BodyLength, DateTime SubmittedAt);
    private readonly record struct CommentRow(long Id, long OrganizationId, long PullRequestId, long? AuthorId, string AuthorLogin, string Kind, DateTime CreatedAt);
}
