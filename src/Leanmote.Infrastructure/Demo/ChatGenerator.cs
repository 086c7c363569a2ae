using System.Globalization;

namespace Leanmote.Infrastructure.Demo;

/// <summary>Slack activity as interactions: messages (direct or in a team channel), reactions and mentions.</summary>
internal sealed class ChatGenerator(DemoContext ctx)
{
    private const int FlushEvery = 50_000;

    private readonly CopyTable<InteractionRow> interactions = InteractionRow.NewTable();

    private Random R => ctx.Random;

    public async Task GenerateAsync(DemoOrganization org, CancellationToken ct)
    {
        if (org.Apps.Slack is null)
        {
            return;
        }
        var people = org.Humans.Where(p => p.Team is not null).ToList();
        for (var day = ctx.Time.Start.Date; day < ctx.Time.End; day = day.AddDays(1))
        {
            if (DemoTime.IsWeekend(day))
            {
                continue;
            }
            foreach (var person in people)
            {
                if (!person.IsActiveAt(day))
                {
                    continue;
                }
                for (var n = R.Next(0, 4); n > 0; n--)
                {
                    AddMessage(org, person, ctx.Time.WorkMoment(R, day, day.AddDays(1)));
                }
            }
            if (interactions.Count >= FlushEvery)
            {
                await interactions.FlushAsync(ctx.Copy, ct);
            }
        }
        await interactions.FlushAsync(ctx.Copy, ct);
    }

    private void AddMessage(DemoOrganization org, Person author, DateTime t)
    {
        var team = author.Team!;
        var roll = R.NextDouble();
        Person? target = roll < 0.7 ? org.PickActive(R, team, t, except: author)
            : roll < 0.9 ? org.PickActive(R, null, t, except: author)
            : null;
        var channel = target is null ? $"C{team.Key}" : $"D{R.Hex(4).ToUpperInvariant()}";
        var ts = new DateTimeOffset(t).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var reference = $"{channel}:{ts}.{R.Next(100_000, 999_999)}";

        Add(org, "message", author, target, team, reference, t);
        if (R.Chance(0.3))
        {
            var reactor = target ?? org.PickActive(R, team, t, except: author);
            Add(org, "reaction", reactor, author, reactor.Team ?? team, reference, t.AddMinutes(R.Next(1, 90)));
        }
        if (target is not null && R.Chance(0.1))
        {
            Add(org, "mention", author, target, team, reference, t);
        }
    }

    private void Add(DemoOrganization org, string type, Person actor, Person? target, DemoTeam team, string reference, DateTime t) =>
        interactions.Add(new InteractionRow(ctx.Ids.Interactions.Next(), org.Id, type, "slack", actor.Id, target?.Id, team.Id,
            "slack_message", reference, t));
}
