using System.Globalization;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Authorization;

/// <summary>The callers of the matrix: three roles of Acme, a member of Globex, a user of no organization, and dead tokens.</summary>
public enum Caller
{
    /// <summary>Alice, admin of Acme.</summary>
    AcmeAdmin,

    /// <summary>Bob, manager of Acme.</summary>
    AcmeManager,

    /// <summary>Carol, collaborator of Acme, manager of the team "Acme Core" (whose other member is Erin).</summary>
    AcmeCollaborator,

    /// <summary>Gina, admin of Globex (the strongest role of the other organization).</summary>
    GlobexAdmin,

    /// <summary>Zed, a user of no organization.</summary>
    NoOrganization,

    /// <summary>Bob's token whose expiry lies in the past.</summary>
    ExpiredToken,

    /// <summary>Erin's token, deactivated through the API.</summary>
    RevokedToken,

    /// <summary>No Authorization header at all.</summary>
    Anonymous,
}

/// <summary>
/// The rows the matrix reads, inserted next to the shared <see cref="FixtureData"/> (Acme and Globex with their
/// members) and deleted again afterwards, so fixtures that count rows see the shared data unchanged. Every row has
/// a symbolic name (<c>teamA</c>, <c>calFrank</c>, …) that matrix paths use as <c>{teamA}</c>.
/// <list type="bullet">
/// <item>Teams of Acme: <c>teamA</c> (Carol manager, Erin member) and <c>teamA2</c> (Bob manager, Frank member);
/// of Globex: <c>teamG</c> (Gina manager, Hank member).</item>
/// <item>People-private rows of Acme: Carol's, Erin's (visible to Carol through the team she manages) and Frank's
/// (not visible to Carol); one of Globex (Hank's).</item>
/// <item>Dashboard views: Carol's private, Frank's private, Frank's shared with Acme, Gina's shared with Globex.</item>
/// <item>Dave, the one user of both organizations, has a team, a tool identity, an interaction and a private view in
/// each: what Acme may see of him must never include his Globex rows, and the reverse.</item>
/// </list>
/// </summary>
public sealed class AuthorizationWorld
{
    /// <summary>A well-formed id of a row that exists nowhere.</summary>
    public const long MissingNumber = 987_654_321_098;

    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly List<long> _createdCredentials = [];

    private AuthorizationWorld(FixtureData data) => Data = data;

    public FixtureData Data { get; }

    /// <summary>External ids of deployments and incidents the matrix posts start with this, so they can be removed.</summary>
    public const string ExternalIdPrefix = "authz-matrix-";

    public string Id(string name) => _ids.TryGetValue(name, out var id) ? id : throw new KeyNotFoundException($"no matrix row named '{name}'");

    public long Number(string name) => long.Parse(Id(name).Split('_')[^1], CultureInfo.InvariantCulture);

    /// <summary>Replaces every <c>{name}</c> in <paramref name="template"/> with the public id of that row.</summary>
    public string Resolve(string template)
    {
        var result = template;
        foreach (var (name, id) in _ids) result = result.Replace("{" + name + "}", id, StringComparison.Ordinal);
        Assert.That(System.Text.RegularExpressions.Regex.IsMatch(result, @"\{[A-Za-z][A-Za-z0-9]*\}"), Is.False, $"unresolved placeholder in {template}");
        return result;
    }

    public string? TokenOf(Caller caller) => caller switch
    {
        Caller.AcmeAdmin => Data.AliceToken,
        Caller.AcmeManager => Data.BobToken,
        Caller.AcmeCollaborator => Data.CarolToken,
        Caller.GlobexAdmin => Data.GinaToken,
        Caller.NoOrganization => Data.ZedToken,
        Caller.ExpiredToken => Data.ExpiredToken,
        Caller.RevokedToken => Data.InactiveToken,
        Caller.Anonymous => null,
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    public Person UserOf(Caller caller) => caller switch
    {
        Caller.AcmeAdmin => Data.Alice,
        Caller.AcmeManager => Data.Bob,
        Caller.AcmeCollaborator => Data.Carol,
        Caller.GlobexAdmin => Data.Gina,
        Caller.NoOrganization => Data.Zed,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, "has no valid token"),
    };

    /// <summary>The caller's organizations with the role held in each.</summary>
    public IReadOnlyDictionary<long, string> RolesOf(Caller caller) => caller switch
    {
        Caller.AcmeAdmin => new Dictionary<long, string> { [Data.Acme.Id] = "admin" },
        Caller.AcmeManager => new Dictionary<long, string> { [Data.Acme.Id] = "manager" },
        Caller.AcmeCollaborator => new Dictionary<long, string> { [Data.Acme.Id] = "collaborator" },
        Caller.GlobexAdmin => new Dictionary<long, string> { [Data.Globex.Id] = "admin" },
        _ => new Dictionary<long, string>(),
    };

    /// <summary>Remembers a credential a matrix case created, so the teardown removes it.</summary>
    public void CreatedCredential(string publicId) =>
        _createdCredentials.Add(long.Parse(publicId.Split('_')[^1], CultureInfo.InvariantCulture));

    public static async Task<AuthorizationWorld> InsertAsync(ApiTarget target)
    {
        var world = new AuthorizationWorld(target.Data);
        await world.InsertRowsAsync(target);
        return world;
    }

    private async Task InsertRowsAsync(ApiTarget target)
    {
        var host = target.Host!;
        var d = Data;
        long acme = d.Acme.Id, globex = d.Globex.Id;
        var t0 = FixtureData.At("2026-01-10T09:00:00Z");

        async Task<long> Row(string name, string prefix, string sql, params (string, object)[] parameters)
        {
            var id = Convert.ToInt64(await host.SqlAsync(sql, parameters), CultureInfo.InvariantCulture);
            _ids[name] = prefix + id.ToString(CultureInfo.InvariantCulture);
            return id;
        }

        async Task Sql(string sql, params (string, object)[] parameters) => await host.SqlAsync(sql, parameters);

        // ids of rows that exist nowhere, and of the fixture's organizations and people
        foreach (var (name, prefix) in new[]
                 {
                     ("org", "org_"), ("user", "usr_"), ("team", "team_"), ("app", "app_"), ("repo", "repo_"), ("pr", "pr_"), ("board", "board_"),
                     ("task", "task_"), ("cal", "cal_"), ("evt", "evt_"), ("int", "int_"), ("view", "view_"), ("dep", "dep_"),
                     ("inc", "inc_"), ("cred", "cred_"), ("itk", "itk_"), ("scim", "scimtok_"),
                 })
        {
            _ids["missing" + char.ToUpperInvariant(name[0]) + name[1..]] = prefix + MissingNumber.ToString(CultureInfo.InvariantCulture);
        }
        _ids["acme"] = d.Acme.PublicId;
        _ids["globex"] = d.Globex.PublicId;
        foreach (var (name, person) in new[]
                 {
                     ("alice", d.Alice), ("bob", d.Bob), ("carol", d.Carol), ("dave", d.Dave), ("erin", d.Erin), ("frank", d.Frank),
                     ("gina", d.Gina), ("hank", d.Hank), ("zed", d.Zed),
                 })
        {
            _ids[name] = person.PublicId;
        }

        const string TeamSql = "INSERT INTO teams (organization_id, name, created_at, updated_at) VALUES (@o, @n, @t, @t) RETURNING id";
        var teamA = await Row("teamA", "team_", TeamSql, ("o", acme), ("n", "Acme Core"), ("t", t0));
        var teamA2 = await Row("teamA2", "team_", TeamSql, ("o", acme), ("n", "Acme Edge"), ("t", t0));
        var teamG = await Row("teamG", "team_", TeamSql, ("o", globex), ("n", "Globex Ops"), ("t", t0));
        const string MemberSql = "INSERT INTO team_members (organization_id, team_id, user_id, team_role, joined_at) VALUES (@o, @t, @u, @r, @j)";
        foreach (var (org, team, user, role) in new[]
                 {
                     (acme, teamA, d.Carol.Id, "manager"), (acme, teamA, d.Erin.Id, "member"),
                     (acme, teamA2, d.Bob.Id, "manager"), (acme, teamA2, d.Frank.Id, "member"),
                     (globex, teamG, d.Gina.Id, "manager"), (globex, teamG, d.Hank.Id, "member"),
                     (acme, teamA, d.Dave.Id, "member"), (globex, teamG, d.Dave.Id, "member"),
                 })
        {
            await Sql(MemberSql, ("o", org), ("t", team), ("u", user), ("r", role), ("j", t0));
        }

        const string AppSql = "INSERT INTO apps (organization_id, provider, category, name, created_at) VALUES (@o, @p, @c, @n, @t) RETURNING id";
        var gitA = await Row("gitA", "app_", AppSql, ("o", acme), ("p", "github"), ("c", "source_control"), ("n", "Acme GitHub"), ("t", t0));
        var jiraA = await Row("jiraA", "app_", AppSql, ("o", acme), ("p", "jira"), ("c", "project_management"), ("n", "Acme Jira"), ("t", t0));
        var gitG = await Row("gitG", "app_", AppSql, ("o", globex), ("p", "github"), ("c", "source_control"), ("n", "Globex GitHub"), ("t", t0));
        const string UserAppSql = "INSERT INTO user_apps (organization_id, user_id, app_id, provider, external_id, created_at) VALUES (@o, @u, @a, 'github', @x, @t)";
        await Sql(UserAppSql, ("o", acme), ("u", d.Carol.Id), ("a", gitA), ("x", "carol-gh"), ("t", t0));
        await Sql(UserAppSql, ("o", globex), ("u", d.Gina.Id), ("a", gitG), ("x", "gina-gh"), ("t", t0));
        await Sql(UserAppSql, ("o", acme), ("u", d.Dave.Id), ("a", gitA), ("x", "dave-gh"), ("t", t0));
        await Sql(UserAppSql, ("o", globex), ("u", d.Dave.Id), ("a", gitG), ("x", "dave-gh"), ("t", t0));

        const string RepoSql = "INSERT INTO repositories (organization_id, app_id, team_id, name, full_name, created_at) VALUES (@o, @a, @tm, @n, @f, @t) RETURNING id";
        var repoA = await Row("repoA", "repo_", RepoSql, ("o", acme), ("a", gitA), ("tm", teamA), ("n", "authz-api"), ("f", "acme/authz-api"), ("t", t0));
        var repoG = await Row("repoG", "repo_", RepoSql, ("o", globex), ("a", gitG), ("tm", teamG), ("n", "authz-core"), ("f", "globex/authz-core"), ("t", t0));
        foreach (var (suffix, org, repo) in new[] { ("A", acme, repoA), ("G", globex, repoG) })
        {
            var commit = Convert.ToInt64(await host.SqlAsync("""
                INSERT INTO commits (organization_id, repository_id, sha, message, author_name, committed_at, created_at)
                VALUES (@o, @r, md5(@r::text || 'authz'), 'change', 'someone', @t, @t) RETURNING id
                """, ("o", org), ("r", repo), ("t", t0)), CultureInfo.InvariantCulture);
            var pull = await Row("pr" + suffix, "pr_", """
                INSERT INTO pull_requests (organization_id, repository_id, number, title, state, author_login, opened_at, created_at, updated_at)
                VALUES (@o, @r, 1, 'pr', 'open', 'someone', @t, @t, @t) RETURNING id
                """, ("o", org), ("r", repo), ("t", t0));
            // the pull request's metric source rows (rest-api.md "Metric source rows")
            await Sql("INSERT INTO pull_request_commits (organization_id, pull_request_id, commit_id) VALUES (@o, @p, @c)", ("o", org), ("p", pull), ("c", commit));
            await Row("prr" + suffix, "prr_", """
                INSERT INTO pull_request_reviews (organization_id, pull_request_id, reviewer_login, state, submitted_at)
                VALUES (@o, @p, 'someone', 'approved', @t) RETURNING id
                """, ("o", org), ("p", pull), ("t", t0));
            await Row("prc" + suffix, "prc_", """
                INSERT INTO pull_request_comments (organization_id, pull_request_id, author_login, kind, created_at)
                VALUES (@o, @p, 'someone', 'conversation', @t) RETURNING id
                """, ("o", org), ("p", pull), ("t", t0));
        }

        const string BoardSql = "INSERT INTO boards (organization_id, app_id, team_id, key, name, provider, created_at) VALUES (@o, @a, @tm, @k, @k, @p, @t) RETURNING id";
        var boardA = await Row("boardA", "board_", BoardSql, ("o", acme), ("a", jiraA), ("tm", teamA), ("k", "AZA"), ("p", "jira"), ("t", t0));
        var boardG = await Row("boardG", "board_", BoardSql, ("o", globex), ("a", gitG), ("tm", teamG), ("k", "AZG"), ("p", "github"), ("t", t0));
        const string TaskSql = """
            INSERT INTO tasks (organization_id, board_id, team_id, key, title, status, status_category, assignee_id, created_at, updated_at)
            VALUES (@o, @b, @tm, @k, 'work', 'To Do', 'todo', @u, @t, @t) RETURNING id
            """;
        await Row("taskA", "task_", TaskSql, ("o", acme), ("b", boardA), ("tm", teamA), ("k", "AZA-1"), ("u", d.Carol.Id), ("t", t0));
        await Row("taskG", "task_", TaskSql, ("o", globex), ("b", boardG), ("tm", teamG), ("k", "AZG-1"), ("u", d.Hank.Id), ("t", t0));

        const string CalendarSql = "INSERT INTO calendars (organization_id, owner_id, provider, name, created_at) VALUES (@o, @u, 'google_calendar', @n, @t) RETURNING id";
        const string EventSql = """
            INSERT INTO calendar_events (organization_id, calendar_id, title, start_at, end_at, duration_minutes, organizer_id, attendees_count, created_at)
            VALUES (@o, @c, 'sync', @t, @t + interval '30 minutes', 30, @u, 0, @t) RETURNING id
            """;
        foreach (var (suffix, org, owner) in new[] { ("Carol", acme, d.Carol), ("Erin", acme, d.Erin), ("Frank", acme, d.Frank), ("G", globex, d.Hank) })
        {
            var calendar = await Row("cal" + suffix, "cal_", CalendarSql, ("o", org), ("u", owner.Id), ("n", owner.Name), ("t", t0));
            await Row("evt" + suffix, "evt_", EventSql, ("o", org), ("c", calendar), ("u", owner.Id), ("t", t0));
        }
        // Frank's meeting that Carol attends: hers too (ADR 0010), while Frank's calendar stays hidden from her
        var attended = await Row("evtAttended", "evt_", EventSql, ("o", acme), ("c", Number("calFrank")), ("u", d.Frank.Id), ("t", t0));
        await Sql("INSERT INTO calendar_event_attendees (organization_id, event_id, user_id, email) VALUES (@o, @e, @u, @m)",
            ("o", acme), ("e", attended), ("u", d.Carol.Id), ("m", d.Carol.Email));

        const string InteractionSql = """
            INSERT INTO interactions (organization_id, type, source, actor_id, target_user_id, team_id, occurred_at, created_at)
            VALUES (@o, 'message', 'slack', @a, @b, @tm, @t, @t) RETURNING id
            """;
        await Row("intCarol", "int_", InteractionSql, ("o", acme), ("a", d.Carol.Id), ("b", d.Bob.Id), ("tm", teamA), ("t", t0));
        await Row("intErin", "int_", InteractionSql, ("o", acme), ("a", d.Erin.Id), ("b", d.Frank.Id), ("tm", teamA), ("t", t0));
        await Row("intFrank", "int_", InteractionSql, ("o", acme), ("a", d.Frank.Id), ("b", d.Alice.Id), ("tm", teamA2), ("t", t0));
        await Row("intG", "int_", InteractionSql, ("o", globex), ("a", d.Hank.Id), ("b", d.Gina.Id), ("tm", teamG), ("t", t0));
        await Row("intToCarol", "int_", InteractionSql, ("o", acme), ("a", d.Frank.Id), ("b", d.Carol.Id), ("tm", teamA2), ("t", t0));
        await Row("intDaveA", "int_", InteractionSql, ("o", acme), ("a", d.Dave.Id), ("b", d.Alice.Id), ("tm", teamA), ("t", t0));
        await Row("intDaveG", "int_", InteractionSql, ("o", globex), ("a", d.Dave.Id), ("b", d.Hank.Id), ("tm", teamG), ("t", t0));

        const string ViewSql = """
            INSERT INTO dashboard_views (organization_id, owner_id, name, type, visibility, created_at, updated_at)
            VALUES (@o, @u, @n, 'overview', @v, @t, @t) RETURNING id
            """;
        await Row("viewCarol", "view_", ViewSql, ("o", acme), ("u", d.Carol.Id), ("n", "Carol's"), ("v", "private"), ("t", t0));
        await Row("viewFrank", "view_", ViewSql, ("o", acme), ("u", d.Frank.Id), ("n", "Frank's"), ("v", "private"), ("t", t0));
        await Row("viewShared", "view_", ViewSql, ("o", acme), ("u", d.Frank.Id), ("n", "Acme board"), ("v", "organization"), ("t", t0));
        await Row("viewG", "view_", ViewSql, ("o", globex), ("u", d.Gina.Id), ("n", "Globex board"), ("v", "organization"), ("t", t0));
        await Row("viewDaveA", "view_", ViewSql, ("o", acme), ("u", d.Dave.Id), ("n", "Dave at Acme"), ("v", "private"), ("t", t0));
        await Row("viewDaveG", "view_", ViewSql, ("o", globex), ("u", d.Dave.Id), ("n", "Dave at Globex"), ("v", "private"), ("t", t0));
        const string FilterSql = "INSERT INTO custom_filters (organization_id, name, created_by, created_at) VALUES (@o, @n, @u, @t) RETURNING id";
        await Row("filterA", "filter_", FilterSql, ("o", acme), ("n", "Acme filter"), ("u", d.Alice.Id), ("t", t0));
        await Row("filterG", "filter_", FilterSql, ("o", globex), ("n", "Globex filter"), ("u", d.Gina.Id), ("t", t0));

        const string DeploymentSql = """
            INSERT INTO deployments (organization_id, repository_id, environment, status, source, external_id, finished_at, created_at)
            VALUES (@o, @r, 'production', 'success', 'matrix', @x, @t, @t) RETURNING id
            """;
        var depA = await Row("depA", "dep_", DeploymentSql, ("o", acme), ("r", repoA), ("x", ExternalIdPrefix + "depA"), ("t", t0));
        var depG = await Row("depG", "dep_", DeploymentSql, ("o", globex), ("r", repoG), ("x", ExternalIdPrefix + "depG"), ("t", t0));
        const string IncidentSql = """
            INSERT INTO incidents (organization_id, repository_id, deployment_id, title, status, started_at, source, external_id, created_at)
            VALUES (@o, @r, @dp, 'outage', 'open', @t, 'matrix', @x, @t) RETURNING id
            """;
        await Row("incA", "inc_", IncidentSql, ("o", acme), ("r", repoA), ("dp", depA), ("x", ExternalIdPrefix + "incA"), ("t", t0));
        await Row("incG", "inc_", IncidentSql, ("o", globex), ("r", repoG), ("dp", depG), ("x", ExternalIdPrefix + "incG"), ("t", t0));

        // a credential of Carol's for the DELETE cases, issued through the API by Acme's admin
        var issued = await target.Client.PostJsonAsync($"/v1/admin/users/{d.Carol.PublicId}/api-credentials", d.AliceToken, "{}");
        Assert.That(issued.StatusCode, Is.EqualTo(201), issued.ToString());
        _ids["credCarol"] = issued.Json.GetProperty("data").GetProperty("id").GetString()!;
        CreatedCredential(_ids["credCarol"]);

        // an ingest token of Acme for the DELETE cases of otel.md §2.4
        await Row("itkA", "itk_", "INSERT INTO ingest_tokens (organization_id, name, token_hash, token_preview) VALUES (@o, 'matrix', @h, 'lmi_mtrx') RETURNING id",
            ("o", acme), ("h", "matrix-" + Guid.NewGuid().ToString("N")));

        // a SCIM token of Acme for the DELETE cases of scim.md §3.1
        await Row("scimA", "scimtok_", "INSERT INTO scim_tokens (organization_id, description, token_hash, token_preview) VALUES (@o, 'matrix', @h, 'lmscim_m') RETURNING id",
            ("o", acme), ("h", "matrix-" + Guid.NewGuid().ToString("N")));

        // telemetry (otel.md §8.4, §9): an identity of Erin's; in Acme an event, a series and a trace of hers and one of each
        // that maps to nobody (people-private: managers and up only); one of each in Globex
        const string IdentitySql = """
            INSERT INTO telemetry_identities (organization_id, source, identity_key, email, user_id, match_method, first_seen_at, last_seen_at)
            VALUES (@o, 'otel', @k, @e, @u, 'manual', @t, @t) RETURNING id
            """;
        var tidA = await Row("tidA", "tid_", IdentitySql, ("o", acme), ("k", "email:matrix-" + Guid.NewGuid().ToString("N")), ("e", d.Erin.Email),
            ("u", d.Erin.Id), ("t", t0));
        const string TelemetryEventSql = """
            INSERT INTO otel_log_records (organization_id, record_hash, payload_id, received_at, resource_hash, scope_name, occurred_at, time_unix_nano,
                severity_number, event_name, attributes, flags, dropped_attributes_count, identity_id)
            VALUES (@o, decode(md5(random()::text), 'hex'), 0, @t, '\x00', 'matrix', @t, 0, 9, 'matrix.event', '{}', 0, 0, @i) RETURNING id
            """;
        const string SeriesSql = """
            INSERT INTO otel_metric_series (organization_id, series_hash, metric_name, kind, resource_hash, scope_name, attributes, identity_id)
            VALUES (@o, decode(md5(random()::text), 'hex'), 'matrix.metric', 'gauge', '\x00', 'matrix', '{}', @i) RETURNING id
            """;
        const string PointSql = """
            INSERT INTO otel_metric_points (organization_id, series_hash, start_time_unix_nano, time_unix_nano, point_at, payload_id, value, flags)
            SELECT organization_id, series_hash, 0, 1, @t, 0, 1, 0 FROM otel_metric_series WHERE id = @s
            """;
        const string SpanSql = """
            INSERT INTO otel_spans (organization_id, trace_id, span_id, start_at, payload_id, name, kind, end_at, duration_ns, status_code, attributes,
                events, links, resource_hash, scope_name, flags, identity_id)
            VALUES (@o, decode(@tr, 'hex'), '\x0102030405060708', @t, 0, 'matrix', 1, @t, 0, 0, '{}', '[]', '[]', '\x00', 'matrix', 0, @i)
            """;
        foreach (var (suffix, org, identity) in new (string, long, object)[] { ("A", acme, tidA), ("Anon", acme, DBNull.Value), ("G", globex, DBNull.Value) })
        {
            await Row("tev" + suffix, "tev_", TelemetryEventSql, ("o", org), ("t", t0), ("i", identity));
            var series = await Row("tms" + suffix, "tms_", SeriesSql, ("o", org), ("i", identity));
            await Sql(PointSql, ("s", series), ("t", t0));
            var trace = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            await Sql(SpanSql, ("o", org), ("tr", trace), ("t", t0), ("i", identity));
            _ids["trace" + suffix] = trace;
        }
    }

    /// <summary>Removes every row <see cref="InsertAsync"/> and the matrix's writes added.</summary>
    public async Task DeleteAsync(InProcessApi host)
    {
        long[] N(params string[] names) => [.. names.Where(_ids.ContainsKey).Select(Number)];
        await host.SqlAsync("""
            DELETE FROM incidents WHERE id = ANY(@inc) OR external_id LIKE @prefix;
            DELETE FROM deployments WHERE id = ANY(@dep) OR external_id LIKE @prefix;
            DELETE FROM tasks WHERE id = ANY(@tasks);
            DELETE FROM boards WHERE id = ANY(@boards);
            DELETE FROM interactions WHERE id = ANY(@ints);
            DELETE FROM calendars WHERE id = ANY(@cals);
            DELETE FROM dashboard_views WHERE id = ANY(@views);
            DELETE FROM custom_filters WHERE id = ANY(@filters);
            DELETE FROM pull_requests WHERE repository_id = ANY(@repos);
            DELETE FROM commits WHERE repository_id = ANY(@repos);
            DELETE FROM repositories WHERE id = ANY(@repos);
            DELETE FROM apps WHERE id = ANY(@apps);
            DELETE FROM teams WHERE id = ANY(@teams);
            DELETE FROM api_credentials WHERE id = ANY(@creds);
            DELETE FROM scim_tokens WHERE description = 'matrix';
            DELETE FROM otel_log_records WHERE scope_name = 'matrix';
            DELETE FROM otel_metric_points p USING otel_metric_series s
                WHERE s.scope_name = 'matrix' AND p.organization_id = s.organization_id AND p.series_hash = s.series_hash;
            DELETE FROM otel_metric_series WHERE scope_name = 'matrix';
            DELETE FROM otel_spans WHERE scope_name = 'matrix';
            DELETE FROM telemetry_identities WHERE identity_key LIKE 'email:matrix-%';
            DELETE FROM ingest_tokens WHERE name = 'matrix' AND NOT EXISTS (SELECT 1 FROM otel_raw_payloads p WHERE p.ingest_token_id = ingest_tokens.id);
            DELETE FROM metric_settings_audit WHERE organization_id = ANY(@orgs);
            DELETE FROM organization_metric_settings WHERE organization_id = ANY(@orgs);
            """, ("orgs", new[] { Data.Acme.Id, Data.Globex.Id }),
            ("inc", N("incA", "incG")), ("dep", N("depA", "depG")), ("prefix", ExternalIdPrefix + "%"),
            ("tasks", N("taskA", "taskG")), ("boards", N("boardA", "boardG")),
            ("ints", N("intCarol", "intErin", "intFrank", "intG", "intDaveA", "intDaveG", "intToCarol")), ("cals", N("calCarol", "calErin", "calFrank", "calG")),
            ("views", N("viewCarol", "viewFrank", "viewShared", "viewG", "viewDaveA", "viewDaveG")), ("filters", N("filterA", "filterG")),
            ("repos", N("repoA", "repoG")), ("apps", N("gitA", "jiraA", "gitG")), ("teams", N("teamA", "teamA2", "teamG")),
            ("creds", _createdCredentials.ToArray()));
    }
}
