namespace Pulse.Client;

/// <summary>The observable registration state: <c>Disabled</c>, <c>Registering</c>, <c>Registered(id)</c> or <c>Standalone(reason)</c>.</summary>
/// <param name="Status">The state.</param>
/// <param name="ServiceId">The registry's id of this service when <see cref="RegistrationStatus.Registered"/>.</param>
/// <param name="Reason">Why the service runs standalone, when <see cref="RegistrationStatus.Standalone"/>; never holds a secret.</param>
public sealed record RegistrationState(RegistrationStatus Status, string? ServiceId = null, string? Reason = null)
{
    /// <summary>The integration is off.</summary>
    public static RegistrationState Disabled { get; } = new(RegistrationStatus.Disabled);

    /// <summary>The first registration is under way.</summary>
    public static RegistrationState Registering { get; } = new(RegistrationStatus.Registering);

    /// <summary>Registered with the id <paramref name="serviceId"/>.</summary>
    public static RegistrationState Registered(string serviceId) => new(RegistrationStatus.Registered, serviceId);

    /// <summary>Running standalone for <paramref name="reason"/>.</summary>
    public static RegistrationState Standalone(string reason) => new(RegistrationStatus.Standalone, Reason: reason);

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        RegistrationStatus.Registered => $"Registered({ServiceId})",
        RegistrationStatus.Standalone => $"Standalone({Reason})",
        _ => Status.ToString(),
    };
}
