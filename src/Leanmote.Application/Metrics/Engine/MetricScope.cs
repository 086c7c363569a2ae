using Leanmote.Application.Common.Results;

namespace Leanmote.Application.Metrics.Engine;

public sealed record ScopeMember(long UserId, string Name, string Email, bool IsBot, IReadOnlyList<long> TeamIds, bool HasGitIdentity);

public sealed record ScopeTeam(long Id, string Name, IReadOnlyList<long> MemberIds, IReadOnlyList<long> ManagerIds);

public sealed record ScopeRepository(long Id, string FullName, long? TeamId);

public sealed record ScopeBoard(long Id, string Key, string Name, long? TeamId);

/// <summary>What the scope reader knows of one organization: its members, teams, repositories and boards.</summary>
public sealed record OrganizationRoster(
    long OrganizationId,
    string Name,
    string Timezone,
    IReadOnlyList<ScopeMember> Members,
    IReadOnlyList<ScopeTeam> Teams,
    IReadOnlyList<ScopeRepository> Repositories,
    IReadOnlyList<ScopeBoard> Boards);

/// <summary>Reads the roster a request's scope is resolved against (one round trip).</summary>
public interface IMetricScopeReader
{
    Task<OrganizationRoster> ReadRosterAsync(long organizationId, CancellationToken ct);
}

/// <summary>
/// Who and what a request covers (metrics.md §5): the people set U (platform users; plus unmapped identities in
/// open scope), repositories R, boards B, the team rule of repository-owned sources, and the teams a breakdown lists.
/// Sources receive it as plain arrays so their SQL can apply it with <c>= ANY(…)</c>.
/// </summary>
public sealed class MetricScope
{
    private readonly Dictionary<long, ScopeMember> _members;
    private readonly Dictionary<long, long[]> _teamsOfUser;

    private MetricScope(OrganizationRoster roster, MetricParameters parameters, HashSet<long> people, bool open)
    {
        Roster = roster;
        Parameters = parameters;
        Open = open;
        _members = roster.Members.ToDictionary(m => m.UserId);
        People = [.. people.Order()];
        var filterTeams = parameters.TeamIds.ToHashSet();
        _teamsOfUser = roster.Members.ToDictionary(m => m.UserId,
            m => m.TeamIds.Where(t => filterTeams.Count == 0 || filterTeams.Contains(t)).Order().ToArray());
        RepositoryIds = parameters.RepositoryIds.Count > 0 ? [.. parameters.RepositoryIds] : null;
        TeamIds = parameters.TeamIds.Count > 0 ? [.. parameters.TeamIds] : null;
        TeamRepositoryIds = TeamIds is null ? [] : [.. roster.Repositories.Where(r => r.TeamId is { } t && filterTeams.Contains(t)).Select(r => r.Id)];
        BoardIds = parameters.BoardIds.Count > 0 ? [.. parameters.BoardIds] : null;
        BreakdownTeams = TeamIds is not null
            ? [.. roster.Teams.Where(t => filterTeams.Contains(t.Id)).OrderBy(t => t.Id)]
            : [.. roster.Teams.Where(t => t.MemberIds.Any(people.Contains)).OrderBy(t => t.Id)];
    }

    public OrganizationRoster Roster { get; }

    public MetricParameters Parameters { get; }

    public long OrganizationId => Roster.OrganizationId;

    /// <summary>Open scope: no people filter, so unmapped non-bot identities count too (§5.1).</summary>
    public bool Open { get; }

    /// <summary>The platform users of U (non-bots), ascending.</summary>
    public long[] People { get; }

    /// <summary>R when <c>repository_ids</c> was given, else null (every repository).</summary>
    public long[]? RepositoryIds { get; }

    /// <summary>The <c>team_ids</c> filter, or null.</summary>
    public long[]? TeamIds { get; }

    /// <summary>R_team: repositories owned by a team of <see cref="TeamIds"/> (§5.2).</summary>
    public long[] TeamRepositoryIds { get; }

    /// <summary>B when <c>board_ids</c> was given, else null.</summary>
    public long[]? BoardIds { get; }

    /// <summary>The teams of a team breakdown: those of <c>team_ids</c>, or every team with a member in U.</summary>
    public IReadOnlyList<ScopeTeam> BreakdownTeams { get; }

    public bool InPeople(long userId) => Array.BinarySearch(People, userId) >= 0;

    public ScopeMember? Member(long userId) => _members.GetValueOrDefault(userId);

    /// <summary>The teams of the request a person belongs to (every team when there is no team filter).</summary>
    public long[] TeamsOf(long userId) => _teamsOfUser.GetValueOrDefault(userId) ?? [];

    /// <summary>The display name of an identity key (<c>usr_3</c> → the user's name; <c>login:x</c> → <c>x</c>).</summary>
    public string NameOf(string identity) =>
        Identity.TryUser(identity, out var user) && Member(user) is { } member ? member.Name : Identity.Display(identity);

    /// <summary>
    /// Resolves the request against <paramref name="roster"/>: every filter id must belong to the organization
    /// (a 400 naming each one that does not, never revealing another tenant), and U follows §5.1.
    /// <paramref name="visible"/> narrows U for a collaborator reading people-private sources (§2.4).
    /// </summary>
    public static Result<MetricScope> Resolve(OrganizationRoster roster, MetricParameters parameters, IReadOnlySet<long>? visible = null)
    {
        var org = "org_" + roster.OrganizationId;
        var details = new List<ErrorDetail>();
        var teams = roster.Teams.ToDictionary(t => t.Id);
        var members = roster.Members.ToDictionary(m => m.UserId);
        foreach (var id in parameters.TeamIds.Where(id => !teams.ContainsKey(id)))
            details.Add(new("team_ids", $"team_{id} is not a team of {org}"));
        foreach (var id in parameters.UserIds.Where(id => !members.ContainsKey(id)))
            details.Add(new("user_ids", $"usr_{id} is not a member of {org}"));
        var repositories = roster.Repositories.Select(r => r.Id).ToHashSet();
        foreach (var id in parameters.RepositoryIds.Where(id => !repositories.Contains(id)))
            details.Add(new("repository_ids", $"repo_{id} is not a repository of {org}"));
        var boards = roster.Boards.Select(b => b.Id).ToHashSet();
        foreach (var id in parameters.BoardIds.Where(id => !boards.Contains(id)))
            details.Add(new("board_ids", $"board_{id} is not a board of {org}"));
        if (details.Count > 0) return MetricParametersParser.Invalid(details);

        var open = parameters.TeamIds.Count == 0 && parameters.UserIds.Count == 0;
        IEnumerable<long> people = roster.Members.Where(m => !m.IsBot).Select(m => m.UserId);
        if (parameters.TeamIds.Count > 0)
        {
            var inTeams = parameters.TeamIds.SelectMany(t => teams[t].MemberIds).ToHashSet();
            people = people.Where(inTeams.Contains);
        }
        if (parameters.UserIds.Count > 0) people = people.Where(parameters.UserIds.Contains);
        if (visible is not null)
        {
            people = people.Where(visible.Contains);
            open = false;
        }
        return new MetricScope(roster, parameters, [.. people], open);
    }
}

/// <summary>
/// Identity keys (metrics.md §3.9): <c>usr_&lt;id&gt;</c> for a platform user, <c>login:&lt;lower-case login&gt;</c> for
/// an unmapped Git login. Bots are a platform user with <c>is_bot</c>, or an unmapped login ending in <c>[bot]</c>.
/// </summary>
public static class Identity
{
    public static string User(long id) => "usr_" + id;

    public static string Login(string login) => "login:" + login.ToLowerInvariant();

    public static bool TryUser(string identity, out long id)
    {
        id = 0;
        return identity.StartsWith("usr_", StringComparison.Ordinal) && long.TryParse(identity.AsSpan(4), out id);
    }

    public static bool IsBotLogin(string? login) => login is not null && login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase);

    public static string Display(string identity) => identity.StartsWith("login:", StringComparison.Ordinal) ? identity[6..] : identity;
}
