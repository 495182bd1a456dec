namespace Pulse.Client.Registry;

/// <summary>How a call to the registry ended, which tells the caller whether to retry.</summary>
public enum PulseCallOutcome
{
    /// <summary>The call succeeded.</summary>
    Success,

    /// <summary><c>404</c>: the registry does not know the entity (for a heartbeat: re-register at once).</summary>
    NotFound,

    /// <summary>A network failure, a timeout, a <c>5xx</c>, a <c>408</c> or a <c>429</c>: retry with backoff.</summary>
    Transient,

    /// <summary><c>400</c>, <c>401</c>, <c>403</c> and other client errors: retrying will not help; stop and say why.</summary>
    Permanent,
}
