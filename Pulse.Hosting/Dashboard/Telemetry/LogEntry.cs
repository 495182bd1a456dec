using System.Text.Json.Serialization;

namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>One structured log record as the dashboard holds and shows it.</summary>
internal sealed record LogEntry(
    DateTime Timestamp,
    string Service,
    string Level,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    string? TraceId,
    string? SpanId)
{
    /// <summary>The level's rank (<see cref="LogLevels"/>), for the minimum-level filter.</summary>
    [JsonIgnore]
    public int Rank { get; init; }
}
