namespace Pulse.Client;

/// <summary>The service's registration with Pulse, as <see cref="PulseServiceCollectionExtensions.AddPulseRegistration"/> runs it.</summary>
public interface IPulseRegistration
{
    /// <summary>The current state.</summary>
    RegistrationState State { get; }

    /// <summary>Raised after every change of <see cref="State"/>, with the new state.</summary>
    event Action<RegistrationState>? StateChanged;
}
