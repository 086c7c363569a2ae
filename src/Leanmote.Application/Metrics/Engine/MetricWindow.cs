namespace Leanmote.Application.Metrics.Engine;

public enum Granularity
{
    Day,
    Week,
    Month,
}

/// <summary>One bucket of a series (metrics.md §3.4): inclusive dates after clipping to the window.</summary>
public sealed record Bucket(DateOnly Start, DateOnly End)
{
    public DateTimeOffset StartInstant => MetricWindow.Instant(Start);

    /// <summary>The bucket end instant, (<see cref="End"/> + 1 day) 00:00Z.</summary>
    public DateTimeOffset EndInstant => MetricWindow.Instant(End.AddDays(1));

    public int Days => End.DayNumber - Start.DayNumber + 1;

    public bool Contains(DateTimeOffset t) => t >= StartInstant && t < EndInstant;
}

/// <summary>
/// The half-open window W = [start 00:00Z, (end + 1 day) 00:00Z) of a request, its <c>as_of</c> and its buckets
/// (metrics.md §3.1–§3.4, §3.6).
/// </summary>
public sealed record MetricWindow(DateOnly Start, DateOnly End, DateTimeOffset AsOf, Granularity Granularity)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;

    public DateTimeOffset StartInstant => Instant(Start);

    public DateTimeOffset EndInstant => Instant(End.AddDays(1));

    public bool Contains(DateTimeOffset t) => t >= StartInstant && t < EndInstant;

    public bool Contains(DateOnly day) => day >= Start && day <= End;

    /// <summary>A window of <paramref name="start"/>…<paramref name="end"/> evaluated at <c>min(now, W.end)</c>.</summary>
    public static MetricWindow Of(DateOnly start, DateOnly end, DateTimeOffset now, Granularity granularity)
    {
        var endInstant = Instant(end.AddDays(1));
        return new(start, end, now < endInstant ? now : endInstant, granularity);
    }

    /// <summary>The previous period: as many days, ending the day before <see cref="Start"/>; its as_of is its own end.</summary>
    public MetricWindow Previous()
    {
        var end = Start.AddDays(-1);
        var start = end.AddDays(-(Days - 1));
        return new(start, end, Instant(end.AddDays(1)), Granularity);
    }

    public IReadOnlyList<Bucket> Buckets()
    {
        var buckets = new List<Bucket>();
        var cursor = Start;
        while (cursor <= End)
        {
            var natural = Granularity switch
            {
                Granularity.Day => cursor,
                Granularity.Week => cursor.AddDays(7 - IsoDay(cursor)),
                _ => new DateOnly(cursor.Year, cursor.Month, DateTime.DaysInMonth(cursor.Year, cursor.Month)),
            };
            var end = natural < End ? natural : End;
            buckets.Add(new Bucket(cursor, end));
            cursor = end.AddDays(1);
        }
        return buckets;
    }

    /// <summary>The ISO weeks (Monday–Sunday) intersecting the window, clipped to it.</summary>
    public IReadOnlyList<Bucket> IsoWeeks() => (this with { Granularity = Granularity.Week }).Buckets();

    /// <summary>The calendar months intersecting the window, clipped to it.</summary>
    public IReadOnlyList<Bucket> Months() => (this with { Granularity = Granularity.Month }).Buckets();

    public static DateTimeOffset Instant(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);

    /// <summary>ISO weekday number, Monday = 1 … Sunday = 7.</summary>
    public static int IsoDay(DateOnly day) => day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;
}
