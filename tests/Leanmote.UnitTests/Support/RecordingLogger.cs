using Microsoft.Extensions.Logging;

namespace Leanmote.UnitTests.Support;

/// <summary>Keeps every log entry, for tests that assert what an operator would see.</summary>
public class RecordingLogger : ILogger
{
    public List<(LogLevel Level, Exception? Exception, string Message)> Entries { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, exception, formatter(state, exception)));
}

public sealed class RecordingLogger<T> : RecordingLogger, ILogger<T>;
