namespace Leanmote.ContractTests.Authorization;

/// <summary>The status each caller must get for one request (rest-api.md §4).</summary>
public sealed class Expectation
{
    /// <summary>The callers holding a valid token.</summary>
    public static readonly Caller[] Authenticated =
        [Caller.AcmeAdmin, Caller.AcmeManager, Caller.AcmeCollaborator, Caller.GlobexAdmin, Caller.NoOrganization];

    /// <summary>Callers whose token is missing, expired or revoked: 401 on every authenticated route.</summary>
    public static readonly Caller[] Unauthenticated = [Caller.ExpiredToken, Caller.RevokedToken, Caller.Anonymous];

    private readonly Dictionary<Caller, int> _statuses;

    private Expectation(Dictionary<Caller, int> statuses) => _statuses = statuses;

    public int StatusFor(Caller caller) => _statuses[caller];

    /// <summary><paramref name="status"/> for <paramref name="allowed"/>, 403 for every other valid token, 401 without one.</summary>
    public static Expectation Allow(int status, params Caller[] allowed)
    {
        var statuses = Authenticated.ToDictionary(c => c, c => allowed.Contains(c) ? status : 403);
        foreach (var caller in Unauthenticated) statuses[caller] = 401;
        return new Expectation(statuses);
    }

    /// <summary>200 for <paramref name="allowed"/>, 403 for every other valid token.</summary>
    public static Expectation Only(params Caller[] allowed) => Allow(200, allowed);

    /// <summary>Every member of Acme reads it; Globex's admin and the user of no organization get 403.</summary>
    public static Expectation Acme { get; } = Only(Caller.AcmeAdmin, Caller.AcmeManager, Caller.AcmeCollaborator);

    /// <summary>Only Globex's member reads it; every Acme role and the user of no organization get 403.</summary>
    public static Expectation Globex { get; } = Only(Caller.GlobexAdmin);

    /// <summary>Every valid token gets 200 (lists, which answer with what the caller may see).</summary>
    public static Expectation Everyone { get; } = Only(Authenticated);

    /// <summary>The resource exists nowhere: 404 for every valid token.</summary>
    public static Expectation Missing { get; } = Allow(404, Authenticated);

    /// <summary>No authentication at all: 200 for everyone, whatever token they send.</summary>
    public static Expectation Public { get; } = new(Enum.GetValues<Caller>().ToDictionary(c => c, _ => 200));

    /// <summary>A copy with <paramref name="status"/> for <paramref name="callers"/>.</summary>
    public Expectation With(int status, params Caller[] callers)
    {
        var statuses = new Dictionary<Caller, int>(_statuses);
        foreach (var caller in callers) statuses[caller] = status;
        return new Expectation(statuses);
    }

    public override string ToString() => string.Join(", ", _statuses.Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>
/// How the rows of a list answer are checked against the caller: <see cref="Sql"/> maps the row ids
/// (<c>@ids</c>, taken from <see cref="IdField"/>) to <c>(id, organization_id, people bigint[])</c>; every row must
/// exist and belong to one of the caller's organizations, and when it has people (not NULL) and the caller's role
/// there is below <see cref="SeesEveryone"/>, one of them must be the caller or (with <see cref="TeamManagersSee"/>)
/// a member of a team the caller manages.
/// </summary>
public sealed record RowRule(string Name, string IdField, string Sql, string? SeesEveryone = null, bool TeamManagersSee = false)
{
    private static string Owned(string table) => $"SELECT id, organization_id, NULL::bigint[] FROM {table} WHERE id = ANY(@ids)";

    public static RowRule Organizations { get; } = new("organizations", "id", "SELECT id, id, NULL::bigint[] FROM organizations WHERE id = ANY(@ids)");
    public static RowRule Teams { get; } = new("teams", "id", Owned("teams"));
    public static RowRule Apps { get; } = new("apps", "id", Owned("apps"));
    public static RowRule AppsOfUserApps { get; } = new("user apps", "app_id", Owned("apps"));
    public static RowRule Repositories { get; } = new("repositories", "id", Owned("repositories"));
    public static RowRule Commits { get; } = new("commits", "id", Owned("commits"));
    public static RowRule PullRequests { get; } = new("pull requests", "id", Owned("pull_requests"));
    public static RowRule PullRequestReviews { get; } = new("pull request reviews", "id", Owned("pull_request_reviews"));
    public static RowRule PullRequestComments { get; } = new("pull request comments", "id", Owned("pull_request_comments"));
    public static RowRule Boards { get; } = new("boards", "id", Owned("boards"));
    public static RowRule Tasks { get; } = new("tasks", "id", Owned("tasks"));
    public static RowRule CustomFilters { get; } = new("custom filters", "id", Owned("custom_filters"));
    public static RowRule Deployments { get; } = new("deployments", "id", Owned("deployments"));
    public static RowRule Incidents { get; } = new("incidents", "id", Owned("incidents"));
    public static RowRule IngestTokens { get; } = new("ingest tokens", "id", Owned("ingest_tokens"));
    public static RowRule ScimTokens { get; } = new("SCIM tokens", "id", Owned("scim_tokens"));
    public static RowRule MetricSettingChanges { get; } = new("metric setting changes", "id", Owned("metric_settings_audit"));

    /// <summary>Telemetry is people-private by the user its identity maps to (otel.md §9); rows that map to nobody: managers and up.</summary>
    private static string TelemetryOwned(string table) => $"""
        SELECT x.id, x.organization_id, CASE WHEN ti.user_id IS NULL THEN ARRAY[]::bigint[] ELSE ARRAY[ti.user_id] END
        FROM {table} x LEFT JOIN telemetry_identities ti ON ti.organization_id = x.organization_id AND ti.id = x.identity_id
        WHERE x.id = ANY(@ids)
        """;

    public static RowRule TelemetryEvents { get; } = new("telemetry events", "id", TelemetryOwned("otel_log_records"), SeesEveryone: "manager", TeamManagersSee: true);
    public static RowRule MetricSeries { get; } = new("metric series", "id", TelemetryOwned("otel_metric_series"), SeesEveryone: "manager", TeamManagersSee: true);
    public static RowRule MetricPoints { get; } = new("metric points", "series_id", TelemetryOwned("otel_metric_series"), SeesEveryone: "manager", TeamManagersSee: true);
    public static RowRule TelemetryPayloads { get; } = new("telemetry payloads", "id", "SELECT id, organization_id, NULL::bigint[] FROM otel_raw_payloads WHERE id = ANY(@ids)");
    public static RowRule TelemetryIdentities { get; } = new("telemetry identities", "id", Owned("telemetry_identities"));

    /// <summary>Users: each must share one of the caller's organizations (the row's organization is that shared one), or be the caller.</summary>
    public static RowRule Users { get; } = new("users", "id", """
        SELECT u.id, coalesce((SELECT m.organization_id FROM organization_members m
                               WHERE m.user_id = u.id AND m.organization_id = ANY(@orgs) ORDER BY m.organization_id LIMIT 1),
                              CASE WHEN u.id = @self THEN -1 END), NULL::bigint[]
        FROM users u WHERE u.id = ANY(@ids)
        """);

    /// <summary>People-private rows (§4): admins and managers see all of their organization, a collaborator their own and their teams'.</summary>
    public static RowRule Interactions { get; } = new("interactions", "id",
        "SELECT id, organization_id, array_remove(ARRAY[actor_id, target_user_id], NULL) FROM interactions WHERE id = ANY(@ids)",
        SeesEveryone: "manager", TeamManagersSee: true);

    public static RowRule Calendars { get; } = new("calendars", "id",
        "SELECT id, organization_id, ARRAY[owner_id] FROM calendars WHERE id = ANY(@ids)", SeesEveryone: "manager", TeamManagersSee: true);

    public static RowRule CalendarEvents { get; } = new("calendar events", "id", """
        SELECT e.id, e.organization_id,
               array_remove(ARRAY[c.owner_id, e.organizer_id], NULL)
               || ARRAY(SELECT a.user_id FROM calendar_event_attendees a
                        WHERE a.organization_id = e.organization_id AND a.event_id = e.id AND a.user_id IS NOT NULL)
        FROM calendar_events e JOIN calendars c ON c.organization_id = e.organization_id AND c.id = e.calendar_id
        WHERE e.id = ANY(@ids)
        """, SeesEveryone: "manager", TeamManagersSee: true);

    /// <summary>The caller's dashboard list: own views and views shared with the organization, nobody else's private ones.</summary>
    public static RowRule VisibleDashboardViews { get; } = new("visible dashboard views", "id",
        "SELECT id, organization_id, CASE WHEN visibility = 'private' THEN ARRAY[owner_id] END FROM dashboard_views WHERE id = ANY(@ids)");

    /// <summary>One user's dashboard views: that user's own, seen by the user and the organization's admins.</summary>
    public static RowRule OwnedDashboardViews { get; } = new("owned dashboard views", "id",
        "SELECT id, organization_id, ARRAY[owner_id] FROM dashboard_views WHERE id = ANY(@ids)", SeesEveryone: "admin");

    /// <summary>A user's API credentials (no organization): every row must be a credential of the user the path names.</summary>
    public static RowRule CredentialsOfPathUser { get; } = new("credentials of the path's user", "id",
        "SELECT id, -1::bigint, NULL::bigint[] FROM api_credentials WHERE id = ANY(@ids) AND user_id = @subject");
}

/// <summary>
/// One request of the matrix: the route it exercises (<see cref="Template"/> as mapped), the concrete path and body
/// with <c>{row}</c> placeholders, the status per caller, and for lists the row rule and the rows each caller must see.
/// </summary>
public sealed record MatrixCase(string Method, string Template, string Path, Expectation Expect)
{
    public string? Body { get; init; }

    public RowRule? Rows { get; init; }

    /// <summary>Rows (placeholders) a caller must find in the list: the answer is not merely empty.</summary>
    public IReadOnlyDictionary<Caller, string[]> MustSee { get; init; } = new Dictionary<Caller, string[]>();

    public override string ToString() => $"{Method} {Path}";
}
