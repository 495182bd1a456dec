namespace Pulse.Hosting.ApplicationModel;

/// <summary>
/// A parameter: taken from <c>Parameters:&lt;name&gt;</c> when configured, otherwise generated once and kept in
/// the host's data folder.
/// </summary>
public sealed class ParameterResource(string name, bool secret) : Resource(name)
{
    private string? _value;

    /// <inheritdoc />
    public override string Kind => "Parameter";

    /// <summary>Whether the value is a secret, never printed or shown.</summary>
    public bool Secret { get; } = secret;

    /// <summary>The file the generated value is kept in, or <c>null</c> when it came from configuration.</summary>
    public string? KeptAt { get; internal set; }

    /// <summary>The value. Available once the application has started.</summary>
    public string Value
    {
        get => _value ?? throw new InvalidOperationException($"Parameter '{Name}' is resolved when the application starts.");
        internal set => _value = value;
    }

    internal bool IsResolved => _value is not null;

    /// <summary>This parameter as an environment value.</summary>
    public EnvironmentValue AsEnvironmentValue() => new(() => Value, Secret);
}
