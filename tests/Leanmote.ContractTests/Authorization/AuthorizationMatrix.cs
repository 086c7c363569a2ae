using static Leanmote.ContractTests.Authorization.Caller;
using static Leanmote.ContractTests.Authorization.Expectation;

namespace Leanmote.ContractTests.Authorization;

/// <summary>
/// The authorization matrix of rest-api.md §4, one entry per mapped /v1 route: for each, a resource of Acme, one of
/// Globex and one that exists nowhere (plus the people-private and ownership variants), and the status every caller
/// must get. <see cref="AuthorizationMatrixTests"/> fails when a mapped route has no entry here.
/// </summary>
public static class AuthorizationMatrix
{
    private const string Page = "?per_page=100";

    private static readonly Caller[] AcmeRoles = [AcmeAdmin, AcmeManager, AcmeCollaborator];

    /// <summary>Acme's roles get 404 (the second resource is not under the first); everyone else is stopped earlier with 403.</summary>
    private static readonly Expectation AcmeNotUnder = Acme.With(404, AcmeRoles);

    private static Dictionary<Caller, string[]> See(params (Caller[] Callers, string[] Rows)[] entries)
    {
        var result = new Dictionary<Caller, string[]>();
        foreach (var (callers, rows) in entries)
        {
            foreach (var caller in callers) result[caller] = rows;
        }
        return result;
    }

    private static (Caller[], string[]) Of(Caller caller, params string[] rows) => ([caller], rows);

    private static (Caller[], string[]) OfAcme(params string[] rows) => (AcmeRoles, rows);

    /// <summary>GET cases of a route whose single path id names a row of Acme, of Globex, and one that is missing.</summary>
    private static IEnumerable<MatrixCase> ThreeWay(string template, string acme, string globex, string missing, string suffix = "",
        RowRule? rows = null, Dictionary<Caller, string[]>? acmeSees = null, Dictionary<Caller, string[]>? globexSees = null)
    {
        var parameter = template[template.IndexOf('{')..(template.IndexOf('}') + 1)];
        string PathOf(string row) => template.Replace(parameter, "{" + row + "}", StringComparison.Ordinal) + suffix;
        yield return new MatrixCase("GET", template, PathOf(acme), Acme) { Rows = rows, MustSee = acmeSees ?? [] };
        yield return new MatrixCase("GET", template, PathOf(globex), Globex) { Rows = rows, MustSee = globexSees ?? [] };
        yield return new MatrixCase("GET", template, PathOf(missing), Missing) { Rows = rows };
    }

    private static MatrixCase Get(string template, string path, Expectation expect, RowRule? rows = null, Dictionary<Caller, string[]>? sees = null) =>
        new("GET", template, path, expect) { Rows = rows, MustSee = sees ?? [] };

    public static IReadOnlyList<MatrixCase> Cases { get; } = [.. Build()];

    private static IEnumerable<MatrixCase> Build()
    {
        // Meta
        yield return Get("/v1/health", "/v1/health", Public);

        // Organizations
        yield return Get("/v1/organizations", "/v1/organizations" + Page, Everyone, RowRule.Organizations,
            See(OfAcme("acme"), Of(GlobexAdmin, "globex")));
        foreach (var c in ThreeWay("/v1/organizations/{organizationId}", "acme", "globex", "missingOrg")) yield return c;
        foreach (var c in ThreeWay("/v1/organizations/{organizationId}/members", "acme", "globex", "missingOrg", Page, RowRule.Users,
                     See(OfAcme("alice", "carol", "dave")), See(Of(GlobexAdmin, "gina", "hank", "dave")))) yield return c;
        foreach (var c in ThreeWay("/v1/organizations/{organizationId}/teams", "acme", "globex", "missingOrg", Page, RowRule.Teams,
                     See(OfAcme("teamA", "teamA2")), See(Of(GlobexAdmin, "teamG")))) yield return c;
        foreach (var c in ThreeWay("/v1/organizations/{organizationId}/apps", "acme", "globex", "missingOrg", Page, RowRule.Apps,
                     See(OfAcme("gitA", "jiraA")), See(Of(GlobexAdmin, "gitG")))) yield return c;
        const string UserOrganizations = "/v1/users/{userId}/organizations";
        foreach (var c in ThreeWay(UserOrganizations, "carol", "gina", "missingUser", Page, RowRule.Organizations)) yield return c;
        // Dave is in both: each side sees only the organization it shares with him
        yield return Get(UserOrganizations, "/v1/users/{dave}/organizations" + Page, Only(AcmeAdmin, AcmeManager, AcmeCollaborator, GlobexAdmin),
            RowRule.Organizations, See(OfAcme("acme"), Of(GlobexAdmin, "globex")));
        // a user of no organization sees themselves, and nobody else sees them
        yield return Get(UserOrganizations, "/v1/users/{zed}/organizations" + Page, Only(NoOrganization), RowRule.Organizations);

        // Teams
        yield return Get("/v1/teams", "/v1/teams" + Page, Everyone, RowRule.Teams, See(OfAcme("teamA", "teamA2"), Of(GlobexAdmin, "teamG")));
        foreach (var c in ThreeWay("/v1/teams/{teamId}", "teamA", "teamG", "missingTeam")) yield return c;
        foreach (var c in ThreeWay("/v1/teams/{teamId}/members", "teamA", "teamG", "missingTeam", Page, RowRule.Users,
                     See(OfAcme("carol", "erin")), See(Of(GlobexAdmin, "gina", "hank")))) yield return c;
        foreach (var c in ThreeWay("/v1/teams/{teamId}/managers", "teamA", "teamG", "missingTeam", Page, RowRule.Users,
                     See(OfAcme("carol")), See(Of(GlobexAdmin, "gina")))) yield return c;
        foreach (var c in ThreeWay("/v1/teams/{teamId}/tasks", "teamA", "teamG", "missingTeam", Page, RowRule.Tasks,
                     See(OfAcme("taskA")), See(Of(GlobexAdmin, "taskG")))) yield return c;
        const string TeamMember = "/v1/teams/{teamId}/members/{userId}";
        yield return Get(TeamMember, "/v1/teams/{teamA}/members/{carol}", Acme);
        yield return Get(TeamMember, "/v1/teams/{teamG}/members/{hank}", Globex);
        yield return Get(TeamMember, "/v1/teams/{missingTeam}/members/{carol}", Missing);
        yield return Get(TeamMember, "/v1/teams/{teamA}/members/{bob}", AcmeNotUnder);
        yield return Get(TeamMember, "/v1/teams/{teamA}/members/{missingUser}", AcmeNotUnder);
        // a user of the other organization named under Acme's team: both ids are checked, each refusal is 403 (§4)
        yield return Get(TeamMember, "/v1/teams/{teamA}/members/{gina}", Only());
        // people-private: Carol manages teamA (Erin's team) and sees its rows; teamA2's are Frank's, hidden from her
        const string TeamInteractions = "/v1/teams/{teamId}/interactions";
        foreach (var c in ThreeWay(TeamInteractions, "teamA", "teamG", "missingTeam", Page, RowRule.Interactions,
                     See(OfAcme("intCarol", "intErin")), See(Of(GlobexAdmin, "intG")))) yield return c;
        yield return Get(TeamInteractions, "/v1/teams/{teamA2}/interactions" + Page, Acme, RowRule.Interactions,
            See(Of(AcmeAdmin, "intFrank"), Of(AcmeManager, "intFrank")));
        foreach (var c in ThreeWay("/v1/users/{userId}/teams", "carol", "gina", "missingUser", Page, RowRule.Teams,
                     See(OfAcme("teamA")), See(Of(GlobexAdmin, "teamG")))) yield return c;
        const string UserTeam = "/v1/users/{userId}/teams/{teamId}";
        yield return Get(UserTeam, "/v1/users/{carol}/teams/{teamA}", Acme);
        yield return Get(UserTeam, "/v1/users/{gina}/teams/{teamG}", Globex);
        yield return Get(UserTeam, "/v1/users/{missingUser}/teams/{teamA}", Missing);
        yield return Get(UserTeam, "/v1/users/{carol}/teams/{teamA2}", AcmeNotUnder);
        yield return Get(UserTeam, "/v1/users/{carol}/teams/{teamG}", Only());

        // Users
        yield return Get("/v1/users", "/v1/users" + Page, Everyone, RowRule.Users,
            See(OfAcme("alice", "carol", "dave", "frank"), Of(GlobexAdmin, "gina", "hank", "dave")));
        const string User = "/v1/users/{userId}";
        foreach (var c in ThreeWay(User, "carol", "gina", "missingUser")) yield return c;
        yield return Get(User, "/v1/users/{dave}", Only(AcmeAdmin, AcmeManager, AcmeCollaborator, GlobexAdmin));
        yield return Get(User, "/v1/users/{zed}", Only(NoOrganization));
        foreach (var c in ThreeWay("/v1/users/{userId}/apps", "carol", "gina", "missingUser", Page, RowRule.AppsOfUserApps,
                     See(OfAcme("gitA")), See(Of(GlobexAdmin, "gitG")))) yield return c;
        const string UserApp = "/v1/users/{userId}/apps/{appId}";
        yield return Get(UserApp, "/v1/users/{carol}/apps/{gitA}", Acme);
        yield return Get(UserApp, "/v1/users/{gina}/apps/{gitG}", Globex);
        yield return Get(UserApp, "/v1/users/{missingUser}/apps/{gitA}", Missing);
        yield return Get(UserApp, "/v1/users/{carol}/apps/{jiraA}", AcmeNotUnder);
        yield return Get(UserApp, "/v1/users/{carol}/apps/{gitG}", Only());
        foreach (var c in ThreeWay("/v1/users/{userId}/git/apps", "carol", "gina", "missingUser", Page, RowRule.Apps,
                     See(OfAcme("gitA")), See(Of(GlobexAdmin, "gitG")))) yield return c;
        // a user's dashboard views: the user and the admins of their organization (§4)
        const string UserViews = "/v1/users/{userId}/dashboard-views";
        yield return Get(UserViews, "/v1/users/{carol}/dashboard-views" + Page, Only(AcmeAdmin, AcmeCollaborator), RowRule.OwnedDashboardViews,
            See(Of(AcmeAdmin, "viewCarol"), Of(AcmeCollaborator, "viewCarol")));
        yield return Get(UserViews, "/v1/users/{frank}/dashboard-views" + Page, Only(AcmeAdmin), RowRule.OwnedDashboardViews,
            See(Of(AcmeAdmin, "viewFrank", "viewShared")));
        yield return Get(UserViews, "/v1/users/{gina}/dashboard-views" + Page, Globex, RowRule.OwnedDashboardViews, See(Of(GlobexAdmin, "viewG")));
        yield return Get(UserViews, "/v1/users/{missingUser}/dashboard-views" + Page, Missing, RowRule.OwnedDashboardViews);
        const string UserView = "/v1/users/{userId}/dashboard-views/{viewId}";
        yield return Get(UserView, "/v1/users/{carol}/dashboard-views/{viewCarol}", Only(AcmeAdmin, AcmeCollaborator));
        yield return Get(UserView, "/v1/users/{frank}/dashboard-views/{viewFrank}", Only(AcmeAdmin));
        yield return Get(UserView, "/v1/users/{gina}/dashboard-views/{viewG}", Globex);
        yield return Get(UserView, "/v1/users/{missingUser}/dashboard-views/{viewCarol}", Missing);
        // the view does not exist: 404 for those who may look at the user's views
        // Frank's private view under Carol: her admin sees it is not hers (404); she may not see it at all (403, like GET /v1/dashboard-views/{id})
        yield return Get(UserView, "/v1/users/{carol}/dashboard-views/{viewFrank}", Only().With(404, AcmeAdmin));
        yield return Get(UserView, "/v1/users/{carol}/dashboard-views/{missingView}", Only().With(404, AcmeAdmin, AcmeCollaborator));
        const string UserInteractions = "/v1/users/{userId}/interactions";
        foreach (var c in ThreeWay(UserInteractions, "carol", "gina", "missingUser", Page, RowRule.Interactions,
                     See(OfAcme("intCarol")), See(Of(GlobexAdmin, "intG")))) yield return c;
        // Frank's: his own with Alice is hidden from Carol, Erin's message to him is not (Carol manages Erin's team)
        yield return Get(UserInteractions, "/v1/users/{frank}/interactions" + Page, Acme, RowRule.Interactions,
            See(Of(AcmeAdmin, "intFrank", "intErin"), Of(AcmeManager, "intFrank", "intErin"), Of(AcmeCollaborator, "intErin", "intToCarol")));

        // Dave belongs to both organizations: each side sees his rows of its own organization only
        var bothSides = Only(AcmeAdmin, AcmeManager, AcmeCollaborator, GlobexAdmin);
        yield return Get("/v1/users/{userId}/teams", "/v1/users/{dave}/teams" + Page, bothSides, RowRule.Teams,
            See(OfAcme("teamA"), Of(GlobexAdmin, "teamG")));
        yield return Get("/v1/users/{userId}/apps", "/v1/users/{dave}/apps" + Page, bothSides, RowRule.AppsOfUserApps,
            See(OfAcme("gitA"), Of(GlobexAdmin, "gitG")));
        yield return Get("/v1/users/{userId}/git/apps", "/v1/users/{dave}/git/apps" + Page, bothSides, RowRule.Apps,
            See(OfAcme("gitA"), Of(GlobexAdmin, "gitG")));
        yield return Get(UserInteractions, "/v1/users/{dave}/interactions" + Page, bothSides, RowRule.Interactions,
            See(OfAcme("intDaveA"), Of(GlobexAdmin, "intDaveG")));
        yield return Get(UserViews, "/v1/users/{dave}/dashboard-views" + Page, Only(AcmeAdmin, GlobexAdmin), RowRule.OwnedDashboardViews,
            See(Of(AcmeAdmin, "viewDaveA"), Of(GlobexAdmin, "viewDaveG")));
        // his rows of the other organization exist there: 403 (§4), not the row
        yield return Get(UserTeam, "/v1/users/{dave}/teams/{teamG}", Globex);
        yield return Get(UserApp, "/v1/users/{dave}/apps/{gitG}", Globex);
        yield return Get(UserView, "/v1/users/{dave}/dashboard-views/{viewDaveG}", Globex);
        yield return Get(UserView, "/v1/users/{dave}/dashboard-views/{viewDaveA}", Only(AcmeAdmin));
        yield return Get("/v1/admin/users/{userId}/api-credentials", "/v1/admin/users/{dave}/api-credentials" + Page, Only(AcmeAdmin, GlobexAdmin),
            RowRule.CredentialsOfPathUser);

        // Apps
        yield return Get("/v1/apps", "/v1/apps" + Page, Everyone, RowRule.Apps, See(OfAcme("gitA", "jiraA"), Of(GlobexAdmin, "gitG")));
        foreach (var c in ThreeWay("/v1/apps/{appId}", "gitA", "gitG", "missingApp")) yield return c;

        // Git
        yield return Get("/v1/git/apps", "/v1/git/apps" + Page, Everyone, RowRule.Apps, See(OfAcme("gitA"), Of(GlobexAdmin, "gitG")));
        foreach (var c in ThreeWay("/v1/git/apps/{appId}/repositories", "gitA", "gitG", "missingApp", Page, RowRule.Repositories,
                     See(OfAcme("repoA")), See(Of(GlobexAdmin, "repoG")))) yield return c;
        foreach (var c in ThreeWay("/v1/git/apps/{appId}/repositories/all/commits", "gitA", "gitG", "missingApp", Page, RowRule.Commits)) yield return c;
        foreach (var c in ThreeWay("/v1/git/apps/{appId}/repositories/all/pull-requests", "gitA", "gitG", "missingApp", Page, RowRule.PullRequests)) yield return c;
        foreach (var c in ThreeWay("/v1/git/apps/{appId}/repositories/all/pull-request-reviews", "gitA", "gitG", "missingApp", Page, RowRule.PullRequestReviews,
                     See(OfAcme("prrA")), See(Of(GlobexAdmin, "prrG")))) yield return c;
        foreach (var c in ThreeWay("/v1/git/apps/{appId}/repositories/all/pull-request-comments", "gitA", "gitG", "missingApp", Page, RowRule.PullRequestComments,
                     See(OfAcme("prcA")), See(Of(GlobexAdmin, "prcG")))) yield return c;
        foreach (var (suffix, rows) in new[] { ("", (RowRule?)null), ("/commits", RowRule.Commits), ("/pull-requests", RowRule.PullRequests) })
        {
            var template = "/v1/git/apps/{appId}/repositories/{repositoryId}" + suffix;
            var page = rows is null ? "" : Page;
            yield return Get(template, "/v1/git/apps/{gitA}/repositories/{repoA}" + suffix + page, Acme, rows);
            yield return Get(template, "/v1/git/apps/{gitG}/repositories/{repoG}" + suffix + page, Globex, rows);
            yield return Get(template, "/v1/git/apps/{missingApp}/repositories/{repoA}" + suffix + page, Missing, rows);
            // Globex's repository under Acme's app is not under that app: 404 for Acme, 403 for the rest
            yield return Get(template, "/v1/git/apps/{gitA}/repositories/{repoG}" + suffix + page, AcmeNotUnder, rows);
            yield return Get(template, "/v1/git/apps/{gitA}/repositories/{missingRepo}" + suffix + page, AcmeNotUnder, rows);
        }

        // Metric source rows of one pull request: the pull request must be in that repository of that app
        foreach (var (suffix, rows) in new[] { ("/reviews", RowRule.PullRequestReviews), ("/comments", RowRule.PullRequestComments), ("/commits", RowRule.Commits) })
        {
            var template = "/v1/git/apps/{appId}/repositories/{repositoryId}/pull-requests/{pullRequestId}" + suffix;
            yield return Get(template, "/v1/git/apps/{gitA}/repositories/{repoA}/pull-requests/{prA}" + suffix + Page, Acme, rows);
            yield return Get(template, "/v1/git/apps/{gitG}/repositories/{repoG}/pull-requests/{prG}" + suffix + Page, Globex, rows);
            yield return Get(template, "/v1/git/apps/{missingApp}/repositories/{repoA}/pull-requests/{prA}" + suffix + Page, Missing, rows);
            // Globex's pull request (or repository) under Acme's app, or one that exists nowhere: 404 for Acme, 403 for the rest
            yield return Get(template, "/v1/git/apps/{gitA}/repositories/{repoA}/pull-requests/{prG}" + suffix + Page, AcmeNotUnder, rows);
            yield return Get(template, "/v1/git/apps/{gitA}/repositories/{repoG}/pull-requests/{prG}" + suffix + Page, AcmeNotUnder, rows);
            yield return Get(template, "/v1/git/apps/{gitA}/repositories/{repoA}/pull-requests/{missingPr}" + suffix + Page, AcmeNotUnder, rows);
        }

        // Boards and tasks
        yield return Get("/v1/boards", "/v1/boards" + Page, Everyone, RowRule.Boards, See(OfAcme("boardA"), Of(GlobexAdmin, "boardG")));
        foreach (var c in ThreeWay("/v1/boards/{boardId}/tasks", "boardA", "boardG", "missingBoard", Page, RowRule.Tasks,
                     See(OfAcme("taskA")), See(Of(GlobexAdmin, "taskG")))) yield return c;
        yield return Get("/v1/tasks", "/v1/tasks" + Page, Everyone, RowRule.Tasks, See(OfAcme("taskA"), Of(GlobexAdmin, "taskG")));
        foreach (var c in ThreeWay("/v1/tasks/{taskId}", "taskA", "taskG", "missingTask")) yield return c;

        // Calendars (people-private)
        yield return Get("/v1/calendars", "/v1/calendars" + Page, Everyone, RowRule.Calendars,
            See(Of(AcmeAdmin, "calCarol", "calErin", "calFrank"), Of(AcmeManager, "calCarol", "calErin", "calFrank"),
                Of(AcmeCollaborator, "calCarol", "calErin"), Of(GlobexAdmin, "calG")));
        const string Calendar = "/v1/calendars/{calendarId}";
        foreach (var c in ThreeWay(Calendar, "calCarol", "calG", "missingCal")) yield return c;
        yield return Get(Calendar, "/v1/calendars/{calErin}", Acme);
        yield return Get(Calendar, "/v1/calendars/{calFrank}", Only(AcmeAdmin, AcmeManager));
        yield return Get("/v1/calendar-events", "/v1/calendar-events" + Page, Everyone, RowRule.CalendarEvents,
            See(Of(AcmeAdmin, "evtCarol", "evtErin", "evtFrank"), Of(AcmeManager, "evtCarol", "evtErin", "evtFrank"),
                Of(AcmeCollaborator, "evtCarol", "evtErin", "evtAttended"), Of(GlobexAdmin, "evtG")));
        const string Event = "/v1/calendar-events/{eventId}";
        foreach (var c in ThreeWay(Event, "evtCarol", "evtG", "missingEvt")) yield return c;
        yield return Get(Event, "/v1/calendar-events/{evtErin}", Acme);
        yield return Get(Event, "/v1/calendar-events/{evtFrank}", Only(AcmeAdmin, AcmeManager));
        yield return Get(Event, "/v1/calendar-events/{evtAttended}", Acme);

        // Interactions (people-private)
        yield return Get("/v1/interactions", "/v1/interactions" + Page, Everyone, RowRule.Interactions,
            See(Of(AcmeAdmin, "intCarol", "intErin", "intFrank"), Of(AcmeManager, "intCarol", "intErin", "intFrank"),
                Of(AcmeCollaborator, "intCarol", "intErin", "intToCarol", "intDaveA"), Of(GlobexAdmin, "intG")));
        const string Interaction = "/v1/interactions/{interactionId}";
        foreach (var c in ThreeWay(Interaction, "intCarol", "intG", "missingInt")) yield return c;
        yield return Get(Interaction, "/v1/interactions/{intErin}", Acme);
        yield return Get(Interaction, "/v1/interactions/{intFrank}", Only(AcmeAdmin, AcmeManager));
        yield return Get(Interaction, "/v1/interactions/{intToCarol}", Acme);
        yield return Get(Interaction, "/v1/interactions/{intDaveA}", Acme);
        yield return Get(Interaction, "/v1/interactions/{intDaveG}", Globex);

        // Dashboards
        yield return Get("/v1/dashboard-views", "/v1/dashboard-views" + Page, Everyone, RowRule.VisibleDashboardViews,
            See(Of(AcmeAdmin, "viewShared"), Of(AcmeManager, "viewShared"), Of(AcmeCollaborator, "viewCarol", "viewShared"), Of(GlobexAdmin, "viewG")));
        yield return Get("/v1/dashboard-views/catalog", "/v1/dashboard-views/catalog", Everyone);
        yield return Get("/v1/dashboard-views/custom-filters", "/v1/dashboard-views/custom-filters" + Page, Everyone, RowRule.CustomFilters,
            See(OfAcme("filterA"), Of(GlobexAdmin, "filterG")));
        const string View = "/v1/dashboard-views/{viewId}";
        foreach (var c in ThreeWay(View, "viewShared", "viewG", "missingView")) yield return c;
        yield return Get(View, "/v1/dashboard-views/{viewCarol}", Only(AcmeAdmin, AcmeCollaborator));
        yield return Get(View, "/v1/dashboard-views/{viewFrank}", Only(AcmeAdmin));

        // Delivery: everyone of the organization reads; writes need admin or manager (§7)
        yield return Get("/v1/deployments", "/v1/deployments" + Page, Everyone, RowRule.Deployments, See(OfAcme("depA"), Of(GlobexAdmin, "depG")));
        foreach (var c in ThreeWay("/v1/deployments/{deploymentId}", "depA", "depG", "missingDep")) yield return c;
        yield return Get("/v1/incidents", "/v1/incidents" + Page, Everyone, RowRule.Incidents, See(OfAcme("incA"), Of(GlobexAdmin, "incG")));
        foreach (var c in ThreeWay("/v1/incidents/{incidentId}", "incA", "incG", "missingInc")) yield return c;

        const string Deployment = """{"organization_id":"{acme}","environment":"staging","status":"success","external_id":"{unique}"}""";
        const string SoleDeployment = """{"environment":"staging","status":"success","external_id":"{unique}"}""";
        yield return new MatrixCase("POST", "/v1/deployments", "/v1/deployments", Allow(201, AcmeAdmin, AcmeManager)) { Body = Deployment };
        yield return new MatrixCase("POST", "/v1/deployments", "/v1/deployments", Allow(201, AcmeAdmin, AcmeManager, GlobexAdmin)) { Body = SoleDeployment };
        const string Incident = """{"organization_id":"{acme}","title":"matrix","started_at":"2026-01-10T09:00:00Z","external_id":"{unique}"}""";
        const string SoleIncident = """{"title":"matrix","started_at":"2026-01-10T09:00:00Z","external_id":"{unique}"}""";
        yield return new MatrixCase("POST", "/v1/incidents", "/v1/incidents", Allow(201, AcmeAdmin, AcmeManager)) { Body = Incident };
        yield return new MatrixCase("POST", "/v1/incidents", "/v1/incidents", Allow(201, AcmeAdmin, AcmeManager, GlobexAdmin)) { Body = SoleIncident };
        const string PatchIncident = "/v1/incidents/{incidentId}";
        const string Title = """{"title":"outage"}""";
        yield return new MatrixCase("PATCH", PatchIncident, "/v1/incidents/{incA}", Allow(200, AcmeAdmin, AcmeManager)) { Body = Title };
        yield return new MatrixCase("PATCH", PatchIncident, "/v1/incidents/{incG}", Allow(200, GlobexAdmin)) { Body = Title };
        yield return new MatrixCase("PATCH", PatchIncident, "/v1/incidents/{missingInc}", Missing) { Body = Title };

        // A write that names another organization's row in its body: a 400 on that field for those who may write, never a link
        var acmeWriters = Allow(400, AcmeAdmin, AcmeManager);
        yield return new MatrixCase("POST", "/v1/deployments", "/v1/deployments", acmeWriters)
        {
            Body = """{"organization_id":"{acme}","repository_id":"{repoG}","environment":"staging","status":"success","external_id":"{unique}"}""",
        };
        yield return new MatrixCase("POST", "/v1/incidents", "/v1/incidents", acmeWriters)
        {
            Body = """{"organization_id":"{acme}","team_id":"{teamG}","title":"matrix","started_at":"2026-01-10T09:00:00Z","external_id":"{unique}"}""",
        };
        yield return new MatrixCase("PATCH", PatchIncident, "/v1/incidents/{incA}", acmeWriters) { Body = """{"deployment_id":"{depG}"}""" };

        // Credentials: the user themselves, or an admin of an organization the user belongs to (§3)
        const string Credentials = "/v1/admin/users/{userId}/api-credentials";
        yield return Get(Credentials, "/v1/admin/users/{carol}/api-credentials" + Page, Only(AcmeAdmin, AcmeCollaborator), RowRule.CredentialsOfPathUser,
            See(Of(AcmeAdmin, "credCarol"), Of(AcmeCollaborator, "credCarol")));
        yield return Get(Credentials, "/v1/admin/users/{gina}/api-credentials" + Page, Globex, RowRule.CredentialsOfPathUser);
        yield return Get(Credentials, "/v1/admin/users/{zed}/api-credentials" + Page, Only(NoOrganization), RowRule.CredentialsOfPathUser);
        yield return Get(Credentials, "/v1/admin/users/{missingUser}/api-credentials" + Page, Missing, RowRule.CredentialsOfPathUser);
        yield return new MatrixCase("POST", Credentials, "/v1/admin/users/{carol}/api-credentials", Allow(201, AcmeAdmin, AcmeCollaborator)) { Body = "{}" };
        yield return new MatrixCase("POST", Credentials, "/v1/admin/users/{gina}/api-credentials", Allow(201, GlobexAdmin)) { Body = "{}" };
        yield return new MatrixCase("POST", Credentials, "/v1/admin/users/{missingUser}/api-credentials", Missing) { Body = "{}" };
        const string Credential = "/v1/admin/users/{userId}/api-credentials/{credentialId}";
        yield return new MatrixCase("DELETE", Credential, "/v1/admin/users/{carol}/api-credentials/{credCarol}", Allow(204, AcmeAdmin, AcmeCollaborator));
        yield return new MatrixCase("DELETE", Credential, "/v1/admin/users/{missingUser}/api-credentials/{credCarol}", Missing);
        yield return new MatrixCase("DELETE", Credential, "/v1/admin/users/{carol}/api-credentials/{missingCred}", Only().With(404, AcmeAdmin, AcmeCollaborator));
        // Carol's credential named under Gina: not Gina's, so Gina cannot touch it (404), and Acme may not manage Gina (403)
        yield return new MatrixCase("DELETE", Credential, "/v1/admin/users/{gina}/api-credentials/{credCarol}", Only().With(404, GlobexAdmin));
        // SCIM tokens (scim.md §3.1): admins of the organization only
        const string ScimTokens = "/v1/admin/organizations/{organizationId}/scim-tokens";
        yield return Get(ScimTokens, "/v1/admin/organizations/{acme}/scim-tokens" + Page, Only(AcmeAdmin), RowRule.ScimTokens, See(Of(AcmeAdmin, "scimA")));
        yield return Get(ScimTokens, "/v1/admin/organizations/{globex}/scim-tokens" + Page, Only(GlobexAdmin), RowRule.ScimTokens);
        yield return Get(ScimTokens, "/v1/admin/organizations/{missingOrg}/scim-tokens" + Page, Missing, RowRule.ScimTokens);
        yield return new MatrixCase("POST", ScimTokens, "/v1/admin/organizations/{acme}/scim-tokens", Allow(201, AcmeAdmin)) { Body = """{"description":"matrix"}""" };
        yield return new MatrixCase("POST", ScimTokens, "/v1/admin/organizations/{missingOrg}/scim-tokens", Missing) { Body = """{"description":"matrix"}""" };
        const string ScimToken = "/v1/admin/organizations/{organizationId}/scim-tokens/{tokenId}";
        yield return new MatrixCase("DELETE", ScimToken, "/v1/admin/organizations/{acme}/scim-tokens/{scimA}", Allow(204, AcmeAdmin));
        yield return new MatrixCase("DELETE", ScimToken, "/v1/admin/organizations/{missingOrg}/scim-tokens/{scimA}", Missing);
        yield return new MatrixCase("DELETE", ScimToken, "/v1/admin/organizations/{acme}/scim-tokens/{missingScim}", Only().With(404, AcmeAdmin));
        yield return new MatrixCase("DELETE", ScimToken, "/v1/admin/organizations/{globex}/scim-tokens/{scimA}", Only().With(404, GlobexAdmin));

        // Ingest tokens (otel.md §2.4): admins of the organization only
        const string IngestTokens = "/v1/organizations/{organizationId}/ingest-tokens";
        yield return Get(IngestTokens, "/v1/organizations/{acme}/ingest-tokens" + Page, Only(AcmeAdmin), RowRule.IngestTokens, See(Of(AcmeAdmin, "itkA")));
        yield return Get(IngestTokens, "/v1/organizations/{globex}/ingest-tokens" + Page, Only(GlobexAdmin), RowRule.IngestTokens);
        yield return Get(IngestTokens, "/v1/organizations/{missingOrg}/ingest-tokens" + Page, Missing, RowRule.IngestTokens);
        yield return new MatrixCase("POST", IngestTokens, "/v1/organizations/{acme}/ingest-tokens", Allow(201, AcmeAdmin)) { Body = """{"name":"matrix"}""" };
        yield return new MatrixCase("POST", IngestTokens, "/v1/organizations/{missingOrg}/ingest-tokens", Missing) { Body = """{"name":"matrix"}""" };
        const string IngestToken = "/v1/organizations/{organizationId}/ingest-tokens/{tokenId}";
        yield return new MatrixCase("DELETE", IngestToken, "/v1/organizations/{acme}/ingest-tokens/{itkA}", Allow(204, AcmeAdmin));
        yield return new MatrixCase("DELETE", IngestToken, "/v1/organizations/{missingOrg}/ingest-tokens/{itkA}", Missing);
        yield return new MatrixCase("DELETE", IngestToken, "/v1/organizations/{acme}/ingest-tokens/{missingItk}", Only().With(404, AcmeAdmin));
        yield return new MatrixCase("DELETE", IngestToken, "/v1/organizations/{globex}/ingest-tokens/{itkA}", Only().With(404, GlobexAdmin));
        // Telemetry queries (otel.md §9): people-private by the identity's user; outside the caller's organizations: 404
        var acmeTelemetry = Allow(200, AcmeAdmin, AcmeManager, AcmeCollaborator).With(404, GlobexAdmin, NoOrganization);
        var acmeUnattributed = Allow(200, AcmeAdmin, AcmeManager).With(403, AcmeCollaborator).With(404, GlobexAdmin, NoOrganization);
        var globexTelemetry = Allow(200, GlobexAdmin).With(404, AcmeAdmin, AcmeManager, AcmeCollaborator, NoOrganization);
        yield return Get("/v1/telemetry/events", "/v1/telemetry/events" + Page, Everyone, RowRule.TelemetryEvents, See(Of(AcmeCollaborator, "tevA")));
        const string TelemetryEvent = "/v1/telemetry/events/{eventId}";
        yield return Get(TelemetryEvent, "/v1/telemetry/events/{tevA}", acmeTelemetry);
        yield return Get(TelemetryEvent, "/v1/telemetry/events/{tevAnon}", acmeUnattributed);
        yield return Get(TelemetryEvent, "/v1/telemetry/events/{tevG}", globexTelemetry);
        yield return Get(TelemetryEvent, "/v1/telemetry/events/tev_987654321098", Missing);
        yield return Get("/v1/telemetry/metric-series", "/v1/telemetry/metric-series" + Page, Everyone, RowRule.MetricSeries, See(Of(AcmeCollaborator, "tmsA")));
        const string Points = "/v1/telemetry/metric-series/{seriesId}/points";
        yield return Get(Points, "/v1/telemetry/metric-series/{tmsA}/points" + Page, acmeTelemetry, RowRule.MetricPoints);
        yield return Get(Points, "/v1/telemetry/metric-series/{tmsAnon}/points" + Page, acmeUnattributed, RowRule.MetricPoints);
        yield return Get(Points, "/v1/telemetry/metric-series/{tmsG}/points" + Page, globexTelemetry, RowRule.MetricPoints);
        yield return Get(Points, "/v1/telemetry/metric-series/tms_987654321098/points" + Page, Missing, RowRule.MetricPoints);
        const string Trace = "/v1/telemetry/traces/{traceId}";
        yield return Get(Trace, "/v1/telemetry/traces/{traceA}", acmeTelemetry);
        yield return Get(Trace, "/v1/telemetry/traces/{traceAnon}", acmeUnattributed);
        yield return Get(Trace, "/v1/telemetry/traces/{traceG}", globexTelemetry);
        yield return Get(Trace, "/v1/telemetry/traces/0af7651916cd43dd8448eb211c80319c", Missing);
        // the ingest audit trail: admins only
        yield return Get("/v1/telemetry/payloads", "/v1/telemetry/payloads" + Page, Only(AcmeAdmin, GlobexAdmin), RowRule.TelemetryPayloads);
        // Telemetry identities (otel.md §8.4): admins and managers of the organization
        const string TelemetryIdentities = "/v1/organizations/{organizationId}/telemetry-identities";
        yield return Get(TelemetryIdentities, "/v1/organizations/{acme}/telemetry-identities" + Page, Only(AcmeAdmin, AcmeManager), RowRule.TelemetryIdentities,
            See(Of(AcmeManager, "tidA")));
        yield return Get(TelemetryIdentities, "/v1/organizations/{globex}/telemetry-identities" + Page, Only(GlobexAdmin), RowRule.TelemetryIdentities);
        yield return Get(TelemetryIdentities, "/v1/organizations/{missingOrg}/telemetry-identities" + Page, Missing, RowRule.TelemetryIdentities);
        const string TelemetryIdentity = "/v1/organizations/{organizationId}/telemetry-identities/{identityId}";
        yield return new MatrixCase("PUT", TelemetryIdentity, "/v1/organizations/{acme}/telemetry-identities/{tidA}", Allow(200, AcmeAdmin, AcmeManager))
            { Body = """{"user_id":"{erin}"}""" };
        yield return new MatrixCase("PUT", TelemetryIdentity, "/v1/organizations/{missingOrg}/telemetry-identities/{tidA}", Missing)
            { Body = """{"user_id":null}""" };
        yield return new MatrixCase("PUT", TelemetryIdentity, "/v1/organizations/{acme}/telemetry-identities/tid_987654321098",
            Allow(404, AcmeAdmin, AcmeManager)) { Body = """{"user_id":null}""" };
        yield return new MatrixCase("PUT", TelemetryIdentity, "/v1/organizations/{globex}/telemetry-identities/{tidA}",
            Allow(404, GlobexAdmin)) { Body = """{"user_id":null}""" };
        // Metric settings (metrics.md §9.1): every member reads them, admins change them and read the audit trail
        const string MetricSettings = "/v1/organizations/{organizationId}/metric-settings";
        foreach (var c in ThreeWay(MetricSettings, "acme", "globex", "missingOrg")) yield return c;
        const string FocusBlock = """{"meetings.focus_block_min_minutes":90}""";
        yield return new MatrixCase("PATCH", MetricSettings, "/v1/organizations/{acme}/metric-settings", Allow(200, AcmeAdmin)) { Body = FocusBlock };
        yield return new MatrixCase("PATCH", MetricSettings, "/v1/organizations/{globex}/metric-settings", Allow(200, GlobexAdmin)) { Body = FocusBlock };
        yield return new MatrixCase("PATCH", MetricSettings, "/v1/organizations/{missingOrg}/metric-settings", Missing) { Body = FocusBlock };
        const string MetricSettingsAudit = MetricSettings + "/audit";
        yield return Get(MetricSettingsAudit, "/v1/organizations/{acme}/metric-settings/audit" + Page, Only(AcmeAdmin), RowRule.MetricSettingChanges);
        yield return Get(MetricSettingsAudit, "/v1/organizations/{globex}/metric-settings/audit" + Page, Only(GlobexAdmin), RowRule.MetricSettingChanges);
        yield return Get(MetricSettingsAudit, "/v1/organizations/{missingOrg}/metric-settings/audit" + Page, Missing, RowRule.MetricSettingChanges);
        // Filtering by another organization's (or another person's) id is not an error and leaks nothing (§5)
        foreach (var (template, path, rows, globexSees) in new (string, string, RowRule, string)[]
                 {
                     ("/v1/teams", "/v1/teams?organization_id={globex}", RowRule.Teams, "teamG"),
                     ("/v1/teams", "/v1/teams?parent_team_id={teamG}", RowRule.Teams, ""),
                     ("/v1/users", "/v1/users?organization_id={globex}", RowRule.Users, "hank"),
                     ("/v1/users", "/v1/users?team_id={teamG}", RowRule.Users, "hank"),
                     ("/v1/apps", "/v1/apps?organization_id={globex}", RowRule.Apps, "gitG"),
                     ("/v1/boards", "/v1/boards?team_id={teamG}", RowRule.Boards, "boardG"),
                     ("/v1/tasks", "/v1/tasks?team_id={teamG}", RowRule.Tasks, "taskG"),
                     ("/v1/tasks", "/v1/tasks?board_id={boardG}", RowRule.Tasks, "taskG"),
                     ("/v1/tasks", "/v1/tasks?assignee_id={hank}", RowRule.Tasks, "taskG"),
                     ("/v1/calendar-events", "/v1/calendar-events?calendar_id={calG}", RowRule.CalendarEvents, "evtG"),
                     ("/v1/calendar-events", "/v1/calendar-events?calendar_id={calFrank}", RowRule.CalendarEvents, ""),
                     ("/v1/calendar-events", "/v1/calendar-events?organizer_id={frank}", RowRule.CalendarEvents, ""),
                     ("/v1/interactions", "/v1/interactions?actor_id={frank}", RowRule.Interactions, ""),
                     ("/v1/interactions", "/v1/interactions?team_id={teamG}", RowRule.Interactions, "intG"),
                     ("/v1/deployments", "/v1/deployments?repository_id={repoG}", RowRule.Deployments, "depG"),
                     ("/v1/incidents", "/v1/incidents?team_id={teamA}", RowRule.Incidents, ""),
                     ("/v1/git/apps/{appId}/repositories", "/v1/git/apps/{gitA}/repositories?team_id={teamG}", RowRule.Repositories, ""),
                 })
        {
            var sees = globexSees.Length == 0 ? [] : See(Of(GlobexAdmin, globexSees));
            var expect = template.Contains('{', StringComparison.Ordinal) ? Acme : Everyone;
            yield return Get(template, path + "&per_page=100", expect, rows, sees);
        }

        // Metrics (metrics.md §2.1, §2.4): every route names its organization in a parameter (GET) or the body (POST);
        // any member reads it, another organization's is 403, one that exists nowhere is 404.
        foreach (var (method, template) in MetricsRoutes())
        {
            MatrixCase Case(string organization, Expectation expect) => method == "GET"
                ? Get(template, $"{template}?organization_id={organization}", expect)
                : new MatrixCase("POST", template, template, expect) { Body = $$"""{"organization_id":"{{organization}}"}""" };
            yield return Case("{acme}", Acme);
            yield return Case("{globex}", Globex);
            yield return Case("org_987654321098", Missing);
        }
    }

    /// <summary>Every mapped metrics route with its method: the catalogue's M, S and A routes, and the hand-mapped others.</summary>
    private static IEnumerable<(string Method, string Template)> MetricsRoutes()
    {
        const string Root = "/v1/metrics";
        foreach (var path in Leanmote.Application.Metrics.MetricCatalog.Metrics.Keys) yield return ("GET", $"{Root}/{path}");
        foreach (var path in Leanmote.Application.Metrics.MetricCatalog.Sets.Keys) yield return ("GET", $"{Root}/{path}");
        foreach (var path in Leanmote.Application.Metrics.MetricCatalog.Aggregates.Keys)
        {
            yield return ("GET", $"{Root}/{path}");
            yield return ("POST", $"{Root}/{path}");
        }
        foreach (var path in new[] { "/context", "", "/all", "/get-data" })
        {
            yield return ("GET", Root + path);
            yield return ("POST", Root + path);
        }
        foreach (var path in MetricsListRoutes) yield return ("GET", $"{Root}/{path}");
    }

    /// <summary>The metrics routes mapped by hand (lists and the graph), GET only.</summary>
    private static string[] MetricsListRoutes => ["dora/allowed_users", "interactions", "review_collaboration/team_members", "review_collaboration/reviewer/all_merge_requests"];
}
