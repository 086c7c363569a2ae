namespace Leanmote.Infrastructure.Demo;

/// <summary>
/// Small sampling helpers over <see cref="Random"/>. All demo randomness flows from the one
/// <c>new Random(seed)</c> of a load, consumed in a fixed order, so a seed and a day give the same rows.
/// </summary>
internal static class DemoRandom
{
    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static double Between(this Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A duration between <paramref name="minHours"/> and <paramref name="maxHours"/>, skewed short, in whole seconds.</summary>
    public static TimeSpan Hours(this Random random, double minHours, double maxHours)
    {
        var u = random.NextDouble();
        return TimeSpan.FromSeconds(Math.Round((minHours + (u * u * (maxHours - minHours))) * 3600));
    }

    /// <summary>Number of successes before the first failure, each with probability <paramref name="p"/>, at most <paramref name="max"/>.</summary>
    public static int Geometric(this Random random, double p, int max)
    {
        var n = 0;
        while (n < max && random.NextDouble() < p)
        {
            n++;
        }
        return n;
    }

    /// <summary>A size that is usually small and sometimes large (log-uniform between 1 and <paramref name="max"/>).</summary>
    public static int LogUniform(this Random random, int max) => (int)Math.Exp(random.NextDouble() * Math.Log(max));

    public static string Hex(this Random random, int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    /// <summary>Picks <paramref name="count"/> distinct items (or all of them, when there are fewer).</summary>
    public static List<T> Sample<T>(this Random random, IReadOnlyList<T> items, int count)
    {
        var pool = items.ToList();
        var result = new List<T>(Math.Min(count, pool.Count));
        while (result.Count < count && pool.Count > 0)
        {
            var i = random.Next(pool.Count);
            result.Add(pool[i]);
            pool[i] = pool[^1];
            pool.RemoveAt(pool.Count - 1);
        }
        return result;
    }
}

/// <summary>The demo's time frame: one year of history ending at the UTC midnight that starts "today".</summary>
internal sealed class DemoTime(DateTime anchor)
{
    /// <summary>Exclusive end of history: today 00:00 UTC.</summary>
    public DateTime End { get; } = anchor;

    public DateTime Start { get; } = anchor.AddDays(-365);

    public static bool IsWeekend(DateTime t) => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>A moment in working hours (mostly 08–19 UTC, mostly weekdays) within [from, to).</summary>
    public DateTime WorkMoment(Random random, DateTime from, DateTime to)
    {
        var days = Math.Max(1, (int)Math.Ceiling((to - from).TotalDays));
        for (var attempt = 0; ; attempt++)
        {
            var day = from.Date.AddDays(random.Next(days));
            if (IsWeekend(day) && attempt < 8 && !random.Chance(0.04))
            {
                continue;
            }
            var hour = 8 + ((random.NextDouble() + random.NextDouble()) * 5.5);
            var t = day.AddSeconds(Math.Round(hour * 3600));
            if (t >= from && t < to)
            {
                return t;
            }
            if (attempt > 20)
            {
                return from.AddSeconds(Math.Floor((to - from).TotalSeconds * random.NextDouble()));
            }
        }
    }

    /// <summary>
    /// <paramref name="t"/> plus a reaction delay, moved out of nights and weekends the way people
    /// actually answer: a reply due at 23:00 on Friday happens on Monday morning.
    /// </summary>
    public static DateTime Later(Random random, DateTime t, double minHours, double maxHours)
    {
        var result = t + random.Hours(minHours, maxHours);
        if (result.Hour >= 20)
        {
            result = result.Date.AddDays(1).AddHours(8).AddSeconds(random.Next(7200));
        }
        else if (result.Hour < 7)
        {
            result = result.Date.AddHours(8).AddSeconds(random.Next(7200));
        }
        while (IsWeekend(result))
        {
            result = result.AddDays(1);
        }
        return result;
    }

    public static DateOnly Day(DateTime t) => DateOnly.FromDateTime(t);

    /// <summary>The Monday on or before <paramref name="t"/> (00:00).</summary>
    public static DateTime Monday(DateTime t) => t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7));
}
