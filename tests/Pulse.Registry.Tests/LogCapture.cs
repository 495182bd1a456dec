using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pulse.Registry.Tests;

/// <summary>Keeps every log line of an in-process registry (event name and formatted message), for audit tests.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Event, LogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(string Event, LogLevel Level, string Message)> Lines => [.. _lines];

    public IEnumerable<string> Messages(string eventName) =>
        _lines.Where(line => line.Event == eventName).Select(line => line.Message);

    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture._lines.Enqueue((eventId.Name ?? "", logLevel, formatter(state, exception)));
            }
        }
    }
}
