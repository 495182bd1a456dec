namespace Pulse.Client.Registration;

/// <summary>Holds the observable state and tells subscribers of each change.</summary>
internal sealed class RegistrationStateHolder : IPulseRegistration
{
    private volatile RegistrationState _state = RegistrationState.Registering;

    public RegistrationState State => _state;

    public event Action<RegistrationState>? StateChanged;

    public void Set(RegistrationState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        StateChanged?.Invoke(state);
    }
}
