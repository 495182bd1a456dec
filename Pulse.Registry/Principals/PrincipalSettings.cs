namespace Pulse.Registry.Principals;

/// <summary>
/// The service principals configured under <c>Registry:Principals:&lt;name&gt;</c>, seeded into the database at start.
/// The operator is not one of them: its key is <c>Pulse:ApiKey</c>.
/// </summary>
internal sealed class PrincipalSettings
{
    public const string Section = "Registry";

    public Dictionary<string, ServicePrincipalSettings> Principals { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One service principal: <c>Registry:Principals:&lt;name&gt;:ServiceType</c>, <c>:Key</c>, <c>:Consumer</c>.</summary>
internal sealed class ServicePrincipalSettings
{
    /// <summary>The type the service registers as (with its name, what its key may act as).</summary>
    public string? ServiceType { get; set; }

    /// <summary>The service's registry key (at least 16 characters); seeded as a hash.</summary>
    public string? Key { get; set; }

    /// <summary>Whether the service also holds the consumer scope (relay sends, download-client credentials).</summary>
    public bool Consumer { get; set; }
}
