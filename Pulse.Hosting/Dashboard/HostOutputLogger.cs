using Microsoft.Extensions.Logging;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Dashboard;

/// <summary>Puts the dashboard's own errors (a failing request, a server fault) on the host's output; nothing below Error.</summary>
internal sealed class HostOutputLoggerProvider(IHostOutput output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new HostOutputLogger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class HostOutputLogger(IHostOutput output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                // The exception's type and message only: a stack trace is noise on the host's terminal.
                var cause = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
                output.Error($"dashboard: {category}: {formatter(state, exception)}{cause}");
            }
        }
    }
}
