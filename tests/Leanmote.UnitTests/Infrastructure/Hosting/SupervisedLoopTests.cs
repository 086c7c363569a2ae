using Leanmote.Infrastructure.Hosting;
using Leanmote.UnitTests.Support;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Leanmote.UnitTests.Infrastructure.Hosting;

public sealed class SupervisedLoopTests
{
    [Test]
    public async Task RunAsync_StepThrowsAnUnexpectedException_LogsItOnceBacksOffAndCarriesOn()
    {
        var logger = new RecordingLogger();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runs = 0;

        var loop = SupervisedLoop.RunAsync("test loop", ct =>
        {
            runs++;
            if (runs == 1) throw new InvalidOperationException("boom");
            stop.Cancel();
            return Task.FromResult(TimeSpan.Zero);
        }, logger, TimeProvider.System, stop.Token);

        Assert.That(async () => await loop, Throws.Nothing);
        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(2), "the loop ran again after the failure");
            Assert.That(logger.Entries, Has.Count.EqualTo(1));
            Assert.That(logger.Entries[0].Level, Is.EqualTo(LogLevel.Error));
            Assert.That(logger.Entries[0].Exception, Is.TypeOf<InvalidOperationException>());
            Assert.That(logger.Entries[0].Message, Does.Contain("test loop").And.Contain("retrying in 1 s"));
        });
    }

    [Test]
    public async Task RunAsync_DatabaseUnavailable_LogsAWarningWithoutStackAndCarriesOn()
    {
        var logger = new RecordingLogger();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runs = 0;

        await SupervisedLoop.RunAsync("db loop", ct =>
        {
            if (++runs == 1) throw new TimeoutException("The connection pool has been exhausted");
            stop.Cancel();
            return Task.FromResult(TimeSpan.Zero);
        }, logger, TimeProvider.System, stop.Token);

        Assert.That(runs, Is.EqualTo(2));
        Assert.That(logger.Entries.Single().Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(logger.Entries.Single().Exception, Is.Null);
    }

    [Test]
    public async Task RunAsync_Stopping_ReturnsWithoutLogging()
    {
        var logger = new RecordingLogger();
        using var stop = new CancellationTokenSource();

        await SupervisedLoop.RunAsync("stopping loop", async ct =>
        {
            await stop.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return TimeSpan.Zero;
        }, logger, TimeProvider.System, stop.Token);

        Assert.That(logger.Entries, Is.Empty);
    }
}
