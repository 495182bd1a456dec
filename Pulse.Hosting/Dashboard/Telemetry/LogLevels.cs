namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>The log levels the dashboard shows (.NET's names), from OTLP severity numbers and from a filter's text.</summary>
internal static class LogLevels
{
    private static readonly string[] Names = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    /// <summary>The rank (0 Trace … 5 Critical) of an OTLP severity number (1–24); unspecified counts as Information.</summary>
    public static int RankOfSeverity(int severityNumber) =>
        severityNumber is >= 1 and <= 24 ? (severityNumber - 1) / 4 : 2;

    public static string Name(int rank) => Names[rank];

    /// <summary>Parses a level filter: a .NET or OTLP level name (<c>info</c>, <c>warn</c>, <c>fatal</c> too), any case.</summary>
    public static bool TryParse(string text, out int rank)
    {
        rank = text.ToUpperInvariant() switch
        {
            "TRACE" => 0,
            "DEBUG" => 1,
            "INFORMATION" or "INFO" => 2,
            "WARNING" or "WARN" => 3,
            "ERROR" => 4,
            "CRITICAL" or "FATAL" => 5,
            _ => -1,
        };
        return rank >= 0;
    }
}
