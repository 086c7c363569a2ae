namespace Leanmote.IntegrationTests.WorkSupport;

/// <summary>
/// Two organizations and the people of ADR 0010's cases: in A, <see cref="Admin"/> (admin), <see cref="Manager"/>
/// (a collaborator who manages team <see cref="Team"/>), <see cref="Member"/> and <see cref="Collaborator"/> (members
/// of that team) and <see cref="Other"/> (in no team). In B, <see cref="Collaborator"/> manages <see cref="TeamB"/>,
/// whose member is <see cref="Manager"/>.
/// </summary>
public sealed record PeopleWorld(long OrgA, long OrgB, long Admin, long Manager, long Member, long Collaborator, long Other, long Team, long TeamB)
{
    public static async Task<PeopleWorld> CreateAsync(Seed given)
    {
        var orgA = await given.OrganizationAsync("Acme");
        var orgB = await given.OrganizationAsync("Other");
        var admin = await given.UserAsync("Admin");
        var manager = await given.UserAsync("Manager");
        var member = await given.UserAsync("Member");
        var collaborator = await given.UserAsync("Collaborator");
        var other = await given.UserAsync("Other");
        await given.MemberAsync(orgA, admin, "admin");
        foreach (var user in new[] { manager, member, collaborator, other }) await given.MemberAsync(orgA, user);
        await given.MemberAsync(orgB, collaborator);
        await given.MemberAsync(orgB, manager);
        var team = await given.TeamAsync(orgA, "Platform");
        await given.TeamMemberAsync(orgA, team, manager, "manager");
        await given.TeamMemberAsync(orgA, team, member);
        await given.TeamMemberAsync(orgA, team, collaborator);
        var teamB = await given.TeamAsync(orgB, "Elsewhere");
        await given.TeamMemberAsync(orgB, teamB, manager);
        await given.TeamMemberAsync(orgB, teamB, collaborator, "manager");
        return new PeopleWorld(orgA, orgB, admin, manager, member, collaborator, other, team, teamB);
    }
}
