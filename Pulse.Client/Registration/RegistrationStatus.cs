namespace Pulse.Client;

/// <summary>Where a service stands with the registry.</summary>
public enum RegistrationStatus
{
    /// <summary><c>Pulse:Url</c> is empty: the integration is off and nothing is attempted.</summary>
    Disabled,

    /// <summary>The first registration is under way (or waits for the web server to listen).</summary>
    Registering,

    /// <summary>Registered, with the id in <see cref="RegistrationState.ServiceId"/>; heartbeats keep it alive.</summary>
    Registered,

    /// <summary>
    /// Not registered: the attempts ended without success, or the registry refused the service for good. The service
    /// serves on its own and retries in the background; <see cref="RegistrationState.Reason"/> says why.
    /// </summary>
    Standalone,
}
