namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>Everything the OTLP receiver fills and the dashboard's API reads.</summary>
internal sealed class TelemetryStores
{
    public TraceStore Traces { get; } = new();

    public LogStore Logs { get; } = new();

    public MetricStore Metrics { get; } = new();
}
