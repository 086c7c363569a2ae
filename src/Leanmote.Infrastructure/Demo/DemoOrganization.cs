namespace Leanmote.Infrastructure.Demo;

/// <summary>What every generator of one load shares: the random source, the time frame, ids and the COPY writer.</summary>
internal sealed class DemoContext(Random random, DemoTime time, DemoIds ids, DemoCopy copy)
{
    public Random Random { get; } = random;
    public DemoTime Time { get; } = time;
    public DemoIds Ids { get; } = ids;
    public DemoCopy Copy { get; } = copy;
}

internal sealed class Person
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required string Login { get; init; }
    public required string Title { get; init; }
    public required string TimeZone { get; init; }
    public required DateTime CreatedAt { get; init; }
    public bool IsBot { get; init; }

    /// <summary>False for a Git login without a platform user (an outside contributor, <c>renovate[bot]</c>): its rows carry the login only.</summary>
    public bool IsMapped { get; init; } = true;

    /// <summary>The platform user id written to user-id columns; null for an unmapped Git login.</summary>
    public long? UserId => IsMapped ? Id : null;

    public bool IsActive { get; set; } = true;

    /// <summary>When a deactivated person left; they do nothing after it.</summary>
    public DateTime ActiveUntil { get; set; } = DateTime.MaxValue;

    public string Role { get; set; } = "collaborator";
    public DemoTeam? Team { get; set; }
    public decimal HourlyRate { get; set; }

    public bool IsActiveAt(DateTime t) => !IsBot && t < ActiveUntil;
}

internal sealed class DemoTeam
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string Key { get; init; }
    public DemoTeam? Parent { get; init; }
    public DeliveryPace Pace { get; init; }
    public List<Person> Members { get; } = [];
    public Person? Manager { get; set; }
}

/// <summary>
/// How a team ships. <see cref="Elite"/> deploys every merge within the hour, reviews fast and recovers within the
/// hour; <see cref="Low"/> ships a quarterly release train with long-lived branches, most releases fail and
/// incidents take weeks. Everyone else is <see cref="Normal"/>. metrics.md §7.3 bands tell them apart.
/// </summary>
internal enum DeliveryPace { Normal, Elite, Low }

/// <summary>The apps of an organization (null when it has no such integration).</summary>
internal sealed record DemoApps(long GitHub, long? Jira, long? Slack, long? GoogleCalendar, long? ClaudeCode);

/// <summary>One generated organization: the people and teams every later module builds on.</summary>
internal sealed class DemoOrganization
{
    public required long Id { get; init; }
    public required OrgShape Shape { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required Person Admin { get; init; }
    public required Person Bot { get; init; }
    public required List<Person> People { get; init; }
    public required List<DemoTeam> Teams { get; init; }
    public required DemoApps Apps { get; init; }

    /// <summary>Everyone who is not a bot, including people who have left.</summary>
    public IEnumerable<Person> Humans => People.Where(p => !p.IsBot);

    /// <summary>A member of <paramref name="team"/> (else of the organization) still around at <paramref name="t"/>.</summary>
    public Person PickActive(Random random, DemoTeam? team, DateTime t, Person? except = null)
    {
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var pool = team is not null && team.Members.Count > 0 && attempt < 8 ? team.Members : People;
            var person = random.Pick(pool);
            if (person.IsActiveAt(t) && person != except)
            {
                return person;
            }
        }
        return except == Admin ? team?.Manager ?? People[^1] : Admin;
    }
}
