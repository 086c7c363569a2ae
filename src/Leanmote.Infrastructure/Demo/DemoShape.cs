namespace Leanmote.Infrastructure.Demo;

/// <summary>How big one demo organization is. Generators scale everything from these numbers.</summary>
internal sealed record OrgShape(
    string Name,
    string Slug,
    string Domain,
    string AdminName,
    int Users,
    int Teams,
    int Repositories,
    int Commits,
    int PullRequests,
    int Tasks,
    int CalendarMonths,
    bool GitHubOnly)
{
    public string AdminEmail => $"admin@{Domain}";

    public static IReadOnlyList<OrgShape> For(DemoSize size)
    {
        var globex = new OrgShape("Globex", "globex", "globex.example", "Gina Globex",
            Users: 8, Teams: 2, Repositories: 2, Commits: 500, PullRequests: 150, Tasks: 300,
            CalendarMonths: 0, GitHubOnly: true);
        if (size == DemoSize.Small)
        {
            return
            [
                new OrgShape("Acme", "acme", "acme.example", "Ada Admin",
                    Users: 60, Teams: 8, Repositories: 20, Commits: 15_000, PullRequests: 3_000, Tasks: 6_000,
                    CalendarMonths: 12, GitHubOnly: false),
                globex,
            ];
        }

        // Large: the Acme shape scaled up (calendar history kept to three months: every meeting is
        // copied into each attendee's calendar with the full attendee list, which grows quadratically).
        var shapes = new List<OrgShape>
        {
            new("Acme", "acme", "acme.example", "Ada Admin",
                Users: 600, Teams: 40, Repositories: 300, Commits: 1_000_000, PullRequests: 200_000, Tasks: 500_000,
                CalendarMonths: 3, GitHubOnly: false),
            globex,
        };
        for (var i = 0; i < DemoNames.SmallOrganizations.Count; i++)
        {
            var slug = $"org-{i + 1:00}";
            shapes.Add(new OrgShape(DemoNames.SmallOrganizations[i], slug, $"{slug}.example", "Sam Admin",
                Users: 12, Teams: 2, Repositories: 3, Commits: 1_500, PullRequests: 300, Tasks: 400,
                CalendarMonths: 1, GitHubOnly: false));
        }
        return shapes;
    }
}
