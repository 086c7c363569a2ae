using System.Globalization;

namespace Leanmote.Infrastructure.Demo;

/// <summary>
/// Organizations, users, memberships, teams, apps, identity mappings, hourly costs, metric settings and
/// AI tool seats: everything the other modules hang their rows on.
/// </summary>
internal sealed class PeopleGenerator(DemoContext ctx)
{
    private readonly CopyTable<OrgRow> organizations = new("organizations",
        "id, name, slug, timezone, created_at, updated_at",
        static (w, in r) => { w.Id(r.Id); w.Text(r.Name); w.Text(r.Slug); w.Text("UTC"); w.Time(r.CreatedAt); w.Time(r.CreatedAt); });

    private readonly CopyTable<Person> users = new("users",
        "id, name, email, title, timezone, is_active, is_bot, avatar_url, created_at, updated_at",
        static (w, in p) =>
        {
            w.Id(p.Id); w.Text(p.Name); w.Text(p.Email); w.Text(p.Title); w.Text(p.TimeZone);
            w.Bool(p.IsActive); w.Bool(p.IsBot);
            w.Text(p.IsBot ? null : $"https://avatars.example/{p.Login}.png");
            w.Time(p.CreatedAt); w.Time(p.IsActive ? p.CreatedAt : p.ActiveUntil);
        });

    private readonly CopyTable<MemberRow> members = new("organization_members",
        "organization_id, user_id, role, joined_at",
        static (w, in r) => { w.Id(r.OrganizationId); w.Id(r.UserId); w.Text(r.Role); w.Time(r.JoinedAt); });

    private readonly CopyTable<TeamRow> teams = new("teams",
        "id, organization_id, name, description, parent_team_id, default_hourly_cost, created_at, updated_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Text(r.Name); w.Text(r.Description); w.Id(r.ParentTeamId);
            w.Numeric(r.DefaultHourlyCost); w.Time(r.CreatedAt); w.Time(r.CreatedAt);
        });

    private readonly CopyTable<TeamMemberRow> teamMembers = new("team_members",
        "organization_id, team_id, user_id, team_role, joined_at",
        static (w, in r) => { w.Id(r.OrganizationId); w.Id(r.TeamId); w.Id(r.UserId); w.Text(r.TeamRole); w.Time(r.JoinedAt); });

    private readonly CopyTable<AppRow> apps = new("apps",
        "id, organization_id, provider, category, name, is_active, last_synced_at, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Text(r.Provider); w.Text(r.Category); w.Text(r.Name);
            w.Bool(true); w.Time(r.LastSyncedAt); w.Time(r.CreatedAt);
        });

    private readonly CopyTable<UserAppRow> userApps = new("user_apps",
        "id, organization_id, user_id, app_id, provider, external_id, external_username, external_email, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.UserId); w.Id(r.AppId); w.Text(r.Provider);
            w.Text(r.ExternalId); w.Text(r.ExternalUsername); w.Text(r.ExternalEmail); w.Time(r.CreatedAt);
        });

    private readonly CopyTable<HourlyCostRow> hourlyCosts = new("user_hourly_costs",
        "id, organization_id, user_id, hourly_cost, effective_from, effective_to, created_at, created_by",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.UserId); w.Numeric(r.HourlyCost);
            w.Date(r.EffectiveFrom); w.Date(r.EffectiveTo); w.Time(r.CreatedAt); w.Id(r.CreatedBy);
        });

    private readonly CopyTable<SettingRow> settings = new("organization_metric_settings",
        "organization_id, key, value, updated_at, updated_by",
        static (w, in r) => { w.Id(r.OrganizationId); w.Text(r.Key); w.Json(r.Value); w.Time(r.UpdatedAt); w.Id(r.UpdatedBy); });

    private readonly CopyTable<SeatRow> seats = new("ai_tool_seats",
        "id, organization_id, tool, user_id, identity_id, monthly_cost_usd, active_from, active_to, source, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Text(r.Tool); w.Id(r.UserId); w.Id((long?)null);
            w.Numeric(r.MonthlyCost); w.Date(r.ActiveFrom); w.Date(r.ActiveTo); w.Text(r.Source); w.Time(r.CreatedAt);
        });

    private Random R => ctx.Random;

    public async Task<DemoOrganization> GenerateAsync(OrgShape shape, CancellationToken ct)
    {
        var start = ctx.Time.Start;
        var orgId = ctx.Ids.Organizations.Next();
        var createdAt = start.AddDays(-400).AddHours(9);
        organizations.Add(new OrgRow(orgId, shape.Name, shape.Slug, createdAt));

        var teamList = CreateTeams(orgId, shape, createdAt);
        var people = CreatePeople(shape, createdAt, teamList);
        var appIds = CreateApps(orgId, shape, createdAt);
        var org = new DemoOrganization
        {
            Id = orgId, Shape = shape, CreatedAt = createdAt, Admin = people[0], Bot = people[1],
            People = people, Teams = teamList, Apps = appIds,
        };

        foreach (var person in people)
        {
            users.Add(person);
            members.Add(new MemberRow(orgId, person.Id, person.Role, person.CreatedAt));
        }
        foreach (var team in teamList)
        {
            foreach (var member in team.Members)
            {
                var role = member == team.Manager ? "manager" : "member";
                teamMembers.Add(new TeamMemberRow(orgId, team.Id, member.Id, role, member.CreatedAt.AddDays(1)));
            }
        }
        AddIdentities(org);
        AddHourlyCosts(org);
        AddSettings(org);

        await organizations.FlushAsync(ctx.Copy, ct);
        await users.FlushAsync(ctx.Copy, ct);
        await members.FlushAsync(ctx.Copy, ct);
        await teams.FlushAsync(ctx.Copy, ct);
        await teamMembers.FlushAsync(ctx.Copy, ct);
        await apps.FlushAsync(ctx.Copy, ct);
        await userApps.FlushAsync(ctx.Copy, ct);
        await hourlyCosts.FlushAsync(ctx.Copy, ct);
        await settings.FlushAsync(ctx.Copy, ct);
        await seats.FlushAsync(ctx.Copy, ct);
        return org;
    }

    private List<DemoTeam> CreateTeams(long orgId, OrgShape shape, DateTime createdAt)
    {
        var result = new List<DemoTeam>();
        var keys = new HashSet<string>();
        for (var i = 0; i < shape.Teams; i++)
        {
            var baseName = DemoNames.TeamNames[i % DemoNames.TeamNames.Count];
            var name = i < DemoNames.TeamNames.Count ? baseName : $"{baseName} {(i / DemoNames.TeamNames.Count) + 1}";
            var key = new string(name.Where(char.IsAsciiLetter).Take(3).ToArray()).ToUpperInvariant();
            for (var n = 2; !keys.Add(key); n++)
            {
                key = $"{key[..3]}{n}";
            }
            // In every block of eight teams the second one is a sub-team of the first (Platform → Infrastructure).
            var parent = shape.Teams >= 4 && i % 8 == 1 ? result[i - 1] : null;
            // Organizations with a full set of teams get one elite and one low DORA performer (Storefront, Legacy Core).
            var pace = shape.Teams < 8 ? DeliveryPace.Normal : i switch { 5 => DeliveryPace.Elite, 6 => DeliveryPace.Low, _ => DeliveryPace.Normal };
            var team = new DemoTeam { Id = ctx.Ids.Teams.Next(), Name = name, Key = key, Parent = parent, Pace = pace };
            result.Add(team);
            var created = createdAt.AddDays(R.Next(0, 60)).AddHours(R.Next(0, 8));
            var description = pace switch
            {
                DeliveryPace.Elite => $"The {name} team deploys every merge to production within the hour (the demo's elite DORA team).",
                DeliveryPace.Low => $"The {name} team ships a quarterly release train from long-lived branches (the demo's low DORA team).",
                _ => $"The {name} team builds and runs {name.ToLowerInvariant()} at {shape.Name}.",
            };
            teams.Add(new TeamRow(team.Id, orgId, name, description, parent?.Id, i % 3 == 2 ? 80m + (5 * (i % 4)) : null, created));
        }
        return result;
    }

    private List<Person> CreatePeople(OrgShape shape, DateTime createdAt, List<DemoTeam> teamList)
    {
        var people = new List<Person>(shape.Users);
        var usedNames = new HashSet<string>();
        var usedLogins = new HashSet<string>();

        var admin = new Person
        {
            Id = ctx.Ids.Users.Next(), Name = shape.AdminName, Email = shape.AdminEmail,
            Login = UniqueLogin(DemoNames.Slug(shape.AdminName), usedLogins), Title = "Head of Engineering",
            TimeZone = "UTC", CreatedAt = createdAt, Role = "admin", HourlyRate = 120m,
        };
        people.Add(admin);
        var bot = new Person
        {
            Id = ctx.Ids.Users.Next(), Name = $"{shape.Name} CI Bot", Email = $"ci-bot@{shape.Domain}",
            Login = $"{shape.Slug}-ci[bot]", Title = "Automation", TimeZone = "UTC", CreatedAt = createdAt.AddHours(1),
            IsBot = true,
        };
        people.Add(bot);

        var humans = shape.Users - 2;
        for (var i = 0; i < humans; i++)
        {
            string first, last;
            do
            {
                first = R.Pick(DemoNames.FirstNames);
                last = R.Pick(DemoNames.LastNames);
            }
            while (!usedNames.Add($"{first} {last}") && usedNames.Count < 5000);

            var team = teamList[i % teamList.Count];
            var isManager = team.Manager is null;
            var title = isManager ? "Engineering Manager" : R.Pick(DemoNames.EngineerTitles);
            var person = new Person
            {
                Id = ctx.Ids.Users.Next(),
                Name = $"{first} {last}",
                Email = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@{shape.Domain}",
                Login = UniqueLogin($"{char.ToLowerInvariant(first[0])}{last.ToLowerInvariant()}", usedLogins),
                Title = title,
                TimeZone = R.Pick(DemoNames.TimeZones),
                CreatedAt = createdAt.AddDays(R.Next(1, 380)).AddHours(R.Next(8, 18)),
                Role = isManager || title == "Product Manager" ? "manager" : "collaborator",
                Team = team,
                HourlyRate = Rate(title),
            };
            if (!isManager && R.Chance(0.03))
            {
                person.IsActive = false;
                person.ActiveUntil = ctx.Time.Start.AddDays(R.Next(60, 330));
            }
            team.Members.Add(person);
            team.Manager ??= person;
            people.Add(person);
        }

        // Some people work in a second team; every parent team also counts its sub-team's manager.
        foreach (var person in people.Skip(2).Where(p => R.Chance(0.1)))
        {
            var other = R.Pick(teamList);
            if (!other.Members.Contains(person))
            {
                other.Members.Add(person);
            }
        }
        foreach (var team in teamList.Where(t => t.Parent is not null && t.Manager is not null))
        {
            if (!team.Parent!.Members.Contains(team.Manager!))
            {
                team.Parent.Members.Add(team.Manager!);
            }
        }
        return people;
    }

    private static string UniqueLogin(string login, HashSet<string> used)
    {
        var candidate = login;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{login}{n}";
        }
        return candidate;
    }

    private decimal Rate(string title)
    {
        var baseRate = title switch
        {
            "Engineering Manager" => 95,
            "Staff Engineer" => 105,
            "Senior Software Engineer" => 85,
            "Site Reliability Engineer" => 90,
            "Product Manager" => 80,
            "Product Designer" => 70,
            "QA Engineer" => 55,
            _ => 65,
        };
        return Math.Round((decimal)(baseRate * R.Between(0.85, 1.15)) * 2, MidpointRounding.AwayFromZero) / 2;
    }

    private DemoApps CreateApps(long orgId, OrgShape shape, DateTime createdAt)
    {
        long Add(string provider, string category, string name)
        {
            var id = ctx.Ids.Apps.Next();
            apps.Add(new AppRow(id, orgId, provider, category, name, createdAt.AddDays(1), ctx.Time.End.AddMinutes(-R.Next(5, 600))));
            return id;
        }

        var github = Add("github", "source_control", "GitHub");
        if (shape.GitHubOnly)
        {
            return new DemoApps(github, null, null, null, null);
        }
        return new DemoApps(github,
            Add("jira", "project_management", "Jira"),
            Add("slack", "communication", "Slack"),
            Add("google_calendar", "calendar", "Google Calendar"),
            Add("claude_code", "ai_assistant", "Claude Code"));
    }

    private void AddIdentities(DemoOrganization org)
    {
        var githubId = R.Next(1_000_000, 9_000_000);
        foreach (var person in org.People)
        {
            void Map(long appId, string provider, string externalId, string? username, string? email) =>
                userApps.Add(new UserAppRow(ctx.Ids.UserApps.Next(), org.Id, person.Id, appId, provider, externalId,
                    username, email, org.CreatedAt.AddDays(2)));

            githubId += 7919;
            Map(org.Apps.GitHub, "github", githubId.ToString(CultureInfo.InvariantCulture), person.Login, person.IsBot ? null : person.Email);
            if (person.IsBot)
            {
                continue;
            }
            if (org.Apps.Jira is { } jira)
            {
                Map(jira, "jira", $"5f{R.Hex(11)}", person.Name, person.Email);
            }
            if (org.Apps.Slack is { } slack)
            {
                Map(slack, "slack", $"U0{R.Hex(4).ToUpperInvariant()}", person.Email.Split('@')[0], person.Email);
            }
            if (org.Apps.GoogleCalendar is { } calendar)
            {
                Map(calendar, "google_calendar", person.Email, null, person.Email);
            }
            if (org.Apps.ClaudeCode is { } claude && R.Chance(0.45))
            {
                var from = ctx.Time.Start.AddDays(R.Next(0, 200));
                var ended = R.Chance(0.1) ? from.AddDays(R.Next(30, 120)) : (DateTime?)null;
                seats.Add(new SeatRow(ctx.Ids.AiToolSeats.Next(), org.Id, "claude_code", person.Id, 150m,
                    DemoTime.Day(from), ended is { } e && e < ctx.Time.End ? DemoTime.Day(e) : null, "manual", from));
                Map(claude, "claude_code", $"user_01{R.Hex(10)}", null, person.Email);
            }
            if (!org.Shape.GitHubOnly && R.Chance(0.3))
            {
                var from = ctx.Time.Start.AddDays(R.Next(0, 300));
                seats.Add(new SeatRow(ctx.Ids.AiToolSeats.Next(), org.Id, "github_copilot", person.Id, 19m,
                    DemoTime.Day(from), null, "billing_api", from));
            }
        }
    }

    private void AddHourlyCosts(DemoOrganization org)
    {
        foreach (var person in org.Humans.Where(_ => R.Chance(0.9)))
        {
            var from = DemoTime.Day(person.CreatedAt);
            var rate = person.HourlyRate;
            if (R.Chance(0.4))
            {
                // A raise during the year: two adjacent, non-overlapping periods.
                var raise = DemoTime.Day(ctx.Time.Start.AddDays(R.Next(60, 300)));
                if (raise > from)
                {
                    hourlyCosts.Add(new HourlyCostRow(ctx.Ids.UserHourlyCosts.Next(), org.Id, person.Id, rate, from,
                        raise.AddDays(-1), person.CreatedAt, org.Admin.Id));
                    from = raise;
                    rate = Math.Round(rate * 1.08m, 2);
                }
            }
            hourlyCosts.Add(new HourlyCostRow(ctx.Ids.UserHourlyCosts.Next(), org.Id, person.Id, rate, from, null,
                from.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), org.Admin.Id));
        }
    }

    private void AddSettings(DemoOrganization org)
    {
        void Set(string key, string json) =>
            settings.Add(new SettingRow(org.Id, key, json, org.CreatedAt.AddDays(3), org.Admin.Id));

        if (org.Shape.GitHubOnly)
        {
            Set("costs.currency", "\"EUR\"");
            return;
        }
        Set("costs.currency", "\"USD\"");
        Set("costs.default_hourly_cost", "75");
        Set("dora.production_environments", "[\"production\"]");
    }

    private readonly record struct OrgRow(long Id, string Name, string Slug, DateTime CreatedAt);
    private readonly record struct MemberRow(long OrganizationId, long UserId, string Role, DateTime JoinedAt);
    private readonly record struct TeamRow(long Id, long OrganizationId, string Name, string Description, long? ParentTeamId, decimal? DefaultHourlyCost, DateTime CreatedAt);
    private readonly record struct TeamMemberRow(long OrganizationId, long TeamId, long UserId, string TeamRole, DateTime JoinedAt);
    private readonly record struct AppRow(long Id, long OrganizationId, string Provider, string Category, string Name, DateTime CreatedAt, DateTime LastSyncedAt);
    private readonly record struct UserAppRow(long Id, long OrganizationId, long UserId, long AppId, string Provider, string ExternalId, string? ExternalUsername, string? ExternalEmail, DateTime CreatedAt);
    private readonly record struct HourlyCostRow(long Id, long OrganizationId, long UserId, decimal HourlyCost, DateOnly EffectiveFrom, DateOnly? EffectiveTo, DateTime CreatedAt, long CreatedBy);
    private readonly record struct SettingRow(long OrganizationId, string Key, string Value, DateTime UpdatedAt, long UpdatedBy);
    private readonly record struct SeatRow(long Id, long OrganizationId, string Tool, long UserId, decimal MonthlyCost, DateOnly ActiveFrom, DateOnly? ActiveTo, string Source, DateTime CreatedAt);
}
