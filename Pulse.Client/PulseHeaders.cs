namespace Pulse.Client;

/// <summary>
/// The HTTP headers of Pulse's API, named once for the registry, the services, the SDK and their tests (the SDK is the
/// one library every one of them can reference).
/// </summary>
public static class PulseHeaders
{
    /// <summary>The header that carries an API key, on the registry's routes and on every Pulse service's.</summary>
    public const string ApiKey = "X-Api-Key";

    /// <summary>
    /// The header that carries the registry index a read reflects: on every answer of a blocking read (the service and
    /// download-client lists), and the <c>index</c> to pass to the next one.
    /// </summary>
    public const string Index = "X-Pulse-Index";
}
