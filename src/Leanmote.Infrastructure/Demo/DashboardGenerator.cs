namespace Leanmote.Infrastructure.Demo;

/// <summary>Saved dashboard views (shared with the organization and private) and custom filters.</summary>
internal sealed class DashboardGenerator(DemoContext ctx)
{
    private readonly CopyTable<ViewRow> views = new("dashboard_views",
        "id, organization_id, owner_id, name, type, visibility, filters, created_at, updated_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Id(r.OwnerId); w.Text(r.Name); w.Text(r.Type); w.Text(r.Visibility);
            w.Json(r.Filters); w.Time(r.CreatedAt); w.Time(r.CreatedAt.AddDays(3));
        });

    private readonly CopyTable<FilterRow> filters = new("custom_filters",
        "id, organization_id, name, description, definition, created_by, created_at",
        static (w, in r) =>
        {
            w.Id(r.Id); w.Id(r.OrganizationId); w.Text(r.Name); w.Text(r.Description); w.Json(r.Definition);
            w.Id(r.CreatedBy); w.Time(r.CreatedAt);
        });

    private Random R => ctx.Random;

    public async Task GenerateAsync(DemoOrganization org, CancellationToken ct)
    {
        var t = ctx.Time.Start.AddDays(R.Next(10, 60)).AddHours(10);

        void View(Person owner, string name, string type, string visibility, string filtersJson) =>
            views.Add(new ViewRow(ctx.Ids.DashboardViews.Next(), org.Id, owner.Id, name, type, visibility, filtersJson,
                t.AddDays(R.Next(0, 200))));

        static string Teams(params DemoTeam[] teams) => string.Join(", ", teams.Select(x => $"\"team_{x.Id}\""));

        View(org.Admin, "Engineering overview", "overview", "organization", "{\"period\": \"last_90_days\"}");
        View(org.Admin, "Delivery performance", "performance_delivery", "organization", "{\"period\": \"last_30_days\", \"granularity\": \"week\"}");
        View(org.Admin, "Strategic overview", "strategic_overview", "private", "{\"period\": \"last_365_days\"}");
        if (!org.Shape.GitHubOnly)
        {
            View(org.Admin, "AI adoption", "ai_tools", "organization", "{\"period\": \"last_90_days\"}");
        }
        foreach (var team in org.Teams.Where(x => x.Manager is not null))
        {
            View(team.Manager!, $"{team.Name} bottlenecks", "bottleneck_insights", R.Chance(0.3) ? "organization" : "private",
                $"{{\"team_ids\": [{Teams(team)}], \"period\": \"last_30_days\"}}");
            if (R.Chance(0.3))
            {
                View(team.Manager!, $"{team.Name} costs", "project_financials", "private",
                    $"{{\"team_ids\": [{Teams(team)}], \"period\": \"last_90_days\"}}");
            }
        }
        foreach (var person in org.Humans.Where(p => p.Role == "collaborator" && R.Chance(0.1)))
        {
            View(person, "My week", "overview", "private", "{\"period\": \"last_7_days\"}");
        }

        void Filter(string name, string description, string definition) =>
            filters.Add(new FilterRow(ctx.Ids.CustomFilters.Next(), org.Id, name, description, definition, org.Admin.Id,
                t.AddDays(R.Next(0, 100))));

        Filter("First teams", "The first teams of the organization", $"{{\"team_ids\": [{Teams(org.Teams.Take(2).ToArray())}]}}");
        Filter("Humans only", "Leaves bot accounts out", "{\"exclude_bots\": true}");
        Filter("Production", "Production deployments only", "{\"environments\": [\"production\"]}");

        await views.FlushAsync(ctx.Copy, ct);
        await filters.FlushAsync(ctx.Copy, ct);
    }

    private readonly record struct ViewRow(long Id, long OrganizationId, long OwnerId, string Name, string Type, string Visibility, string Filters, DateTime CreatedAt);
    private readonly record struct FilterRow(long Id, long OrganizationId, string Name, string Description, string Definition, long CreatedBy, DateTime CreatedAt);
}
