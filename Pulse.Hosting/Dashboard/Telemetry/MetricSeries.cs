namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>
/// The latest value of one metric of one service, summed over its attribute sets: a gauge's or a sum's value, a
/// histogram's count and sum.
/// </summary>
internal sealed record MetricSeries(
    string Service,
    string Name,
    string Description,
    string Unit,
    string Kind,
    double Value,
    ulong? Count,
    DateTime Timestamp);
