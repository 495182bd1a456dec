using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pulse.Client.Tests;

/// <summary>Keeps every log line written, to assert on what the SDK says (and never says).</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public IReadOnlyList<LogLine> WithEvent(string eventName) => [.. Lines.Where(l => l.EventName == eventName)];

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(new LogLine(logLevel, eventId.Name, formatter(state, exception)));
    }
}

internal sealed record LogLine(LogLevel Level, string? EventName, string Message);
