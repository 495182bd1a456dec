namespace Pulse.Registry.Relay;

/// <summary>How a relay operation ended, with the value or the reason a client is told.</summary>
internal enum RelayOutcomeKind
{
    Done,
    NotFound,
    Conflict,
    QuotaFull,
}

// Quota: for QuotaFull, the setting whose limit was reached.
internal readonly record struct RelayOutcome<T>(RelayOutcomeKind Kind, T? Value, string? Detail, string? Quota = null)
{
    public static RelayOutcome<T> Done(T value) => new(RelayOutcomeKind.Done, value, null);

    public static RelayOutcome<T> NotFound(string what) => new(RelayOutcomeKind.NotFound, default, what);

    public static RelayOutcome<T> Conflict(string detail) => new(RelayOutcomeKind.Conflict, default, detail);

    public static RelayOutcome<T> QuotaFull(string quota, string detail) => new(RelayOutcomeKind.QuotaFull, default, detail, quota);
}
