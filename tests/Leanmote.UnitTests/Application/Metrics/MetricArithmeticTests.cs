using Leanmote.Application.Metrics.Engine;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Metrics;

/// <summary>metrics.md §3.4, §3.5, §3.8: buckets clipped to the window, percentile_cont, rounding half away from zero.</summary>
[TestFixture]
public sealed class MetricArithmeticTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void Buckets_Weeks_AreIsoWeeksClippedToTheWindow()
    {
        var w = MetricWindow.Of(D("2026-03-04"), D("2026-03-17"), DateTimeOffset.MaxValue, Granularity.Week);
        Assert.That(w.Buckets().Select(b => (b.Start, b.End)), Is.EqualTo(new[]
        {
            (D("2026-03-04"), D("2026-03-08")), (D("2026-03-09"), D("2026-03-15")), (D("2026-03-16"), D("2026-03-17")),
        }));
    }

    [Test]
    public void Buckets_Months_AreClipped_AndDaysCoverTheWindow()
    {
        var w = MetricWindow.Of(D("2026-01-20"), D("2026-03-05"), DateTimeOffset.MaxValue, Granularity.Month);
        Assert.That(w.Buckets().Select(b => (b.Start, b.End, b.Days)), Is.EqualTo(new[]
        {
            (D("2026-01-20"), D("2026-01-31"), 12), (D("2026-02-01"), D("2026-02-28"), 28), (D("2026-03-01"), D("2026-03-05"), 5),
        }));
        Assert.That(MetricWindow.Of(D("2026-02-27"), D("2026-03-02"), DateTimeOffset.MaxValue, Granularity.Day).Buckets(), Has.Count.EqualTo(4));
    }

    [Test]
    public void Previous_HasAsManyDays_EndingTheDayBefore()
    {
        var previous = MetricWindow.Of(D("2026-03-02"), D("2026-03-15"), DateTimeOffset.MaxValue, Granularity.Week).Previous();
        Assert.That((previous.Start, previous.End), Is.EqualTo((D("2026-02-16"), D("2026-03-01"))));
        Assert.That(previous.AsOf, Is.EqualTo(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)));
    }

    [TestCase(0.5, 96)]
    [TestCase(0.75, 192)]
    [TestCase(0.9, 249.6)]
    public void Percentile_IsPercentileCont(decimal fraction, decimal expected) =>
        Assert.That(Numbers.Percentile([60m, 96m, 288m], fraction), Is.EqualTo(expected));

    [Test]
    public void Percentile_OfOneValue_IsThatValue() => Assert.That(Numbers.Percentile([7m], 0.9m), Is.EqualTo(7m));

    [TestCase(2.00005, 4, 2.0001)]
    [TestCase(-2.00005, 4, -2.0001)]
    [TestCase(206.665, 2, 206.67)]
    [TestCase(0.125, 2, 0.13)]
    public void Round_IsHalfAwayFromZero(decimal value, int digits, decimal expected) =>
        Assert.That(Numbers.Round(value, digits), Is.EqualTo(expected));

    [Test]
    public void Round_DropsTrailingZeros() =>
        Assert.That(Numbers.Round(96.000000m).ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("96"));

    [Test]
    public void Hours_AreExactToTheTick() =>
        Assert.That(Numbers.Hours(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 10, 30, 0, TimeSpan.Zero)), Is.EqualTo(1.5m));
}
