namespace Pulse.Client;

/// <summary>How the registry delivers work to a service.</summary>
public enum PulseDeliveryMode
{
    /// <summary>Callers reach the service at its <c>api_url</c>.</summary>
    Push,

    /// <summary>The service has no reachable address and tails its deliveries from the registry's relay.</summary>
    Poll,
}
