namespace Leanmote.Domain.Common;

// Typed public ids (rest-api.md §1). Each is the bigint key of its row; the prefix exists only on the wire.

public readonly record struct OrganizationId(long Value) : IPublicId<OrganizationId>
{
    public static string Prefix => "org";
    public static OrganizationId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct TeamId(long Value) : IPublicId<TeamId>
{
    public static string Prefix => "team";
    public static TeamId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct UserId(long Value) : IPublicId<UserId>
{
    public static string Prefix => "usr";
    public static UserId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct AppId(long Value) : IPublicId<AppId>
{
    public static string Prefix => "app";
    public static AppId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct RepositoryId(long Value) : IPublicId<RepositoryId>
{
    public static string Prefix => "repo";
    public static RepositoryId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct CommitId(long Value) : IPublicId<CommitId>
{
    public static string Prefix => "cmt";
    public static CommitId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct PullRequestId(long Value) : IPublicId<PullRequestId>
{
    public static string Prefix => "pr";
    public static PullRequestId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct PullRequestReviewId(long Value) : IPublicId<PullRequestReviewId>
{
    public static string Prefix => "prr";
    public static PullRequestReviewId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct PullRequestCommentId(long Value) : IPublicId<PullRequestCommentId>
{
    public static string Prefix => "prc";
    public static PullRequestCommentId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct BoardId(long Value) : IPublicId<BoardId>
{
    public static string Prefix => "board";
    public static BoardId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct TaskId(long Value) : IPublicId<TaskId>
{
    public static string Prefix => "task";
    public static TaskId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct SprintId(long Value) : IPublicId<SprintId>
{
    public static string Prefix => "sprint";
    public static SprintId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct CalendarId(long Value) : IPublicId<CalendarId>
{
    public static string Prefix => "cal";
    public static CalendarId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct CalendarEventId(long Value) : IPublicId<CalendarEventId>
{
    public static string Prefix => "evt";
    public static CalendarEventId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct InteractionId(long Value) : IPublicId<InteractionId>
{
    public static string Prefix => "int";
    public static InteractionId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct DashboardViewId(long Value) : IPublicId<DashboardViewId>
{
    public static string Prefix => "view";
    public static DashboardViewId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct CustomFilterId(long Value) : IPublicId<CustomFilterId>
{
    public static string Prefix => "filter";
    public static CustomFilterId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct CredentialId(long Value) : IPublicId<CredentialId>
{
    public static string Prefix => "cred";
    public static CredentialId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct DeploymentId(long Value) : IPublicId<DeploymentId>
{
    public static string Prefix => "dep";
    public static DeploymentId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct IncidentId(long Value) : IPublicId<IncidentId>
{
    public static string Prefix => "inc";
    public static IncidentId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

public readonly record struct ScimTokenId(long Value) : IPublicId<ScimTokenId>
{
    public static string Prefix => "scimtok";
    public static ScimTokenId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}
