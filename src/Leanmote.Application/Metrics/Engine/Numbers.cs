namespace Leanmote.Application.Metrics.Engine;

/// <summary>
/// The arithmetic rules of metrics.md §3.3, §3.5 and §3.8: exact durations in hours, percentile_cont, and rounding
/// of final outputs only, half away from zero, written without trailing zeros.
/// </summary>
public static class Numbers
{
    private const decimal TicksPerHour = TimeSpan.TicksPerHour;

    /// <summary>(<paramref name="end"/> − <paramref name="start"/>) in hours, exact to the tick.</summary>
    public static decimal Hours(DateTimeOffset start, DateTimeOffset end) => (end.UtcTicks - start.UtcTicks) / TicksPerHour;

    /// <summary>Rounds to <paramref name="digits"/> decimals, half away from zero, and drops trailing zeros (96.0000 → 96).</summary>
    public static decimal Round(decimal value, int digits = 4) => Normalize(Math.Round(value, digits, MidpointRounding.AwayFromZero));

    public static decimal? Round(decimal? value, int digits = 4) => value is { } v ? Round(v, digits) : null;

    /// <summary>Rounding by unit: money to 2 decimals, counts stay integers, everything else 4 decimals.</summary>
    public static decimal? ForUnit(decimal? value, string unit) => value is null ? null : Round(value.Value, unit == MetricUnits.Money ? 2 : 4);

    /// <summary>PostgreSQL <c>percentile_cont</c> over values sorted ascending (metrics.md §3.5).</summary>
    public static decimal Percentile(IReadOnlyList<decimal> sorted, decimal fraction)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        var h = (sorted.Count - 1) * fraction;
        var lo = (int)Math.Floor(h);
        var hi = (int)Math.Ceiling(h);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static decimal Median(IReadOnlyList<decimal> sorted) => Percentile(sorted, 0.5m);

    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
