namespace Pulse.Registry;

/// <summary>
/// The name of this registry instance among its replicas: <c>Registry:InstanceName</c> when set, else OpenTelemetry's
/// <c>service.instance.id</c> (from <c>OTEL_RESOURCE_ATTRIBUTES</c>: Aspire gives each replica one, stable across the
/// replica's restarts, and the dashboard shows its logs and traces under it), else the machine name.
/// </summary>
internal sealed class RegistryInstance(IOptions<RegistryOptions> options, IConfiguration configuration)
{
    /// <summary>What every instance's consumer group on the event stream is named after.</summary>
    public const string StreamGroupPrefix = "registry:";

    public string Name { get; } =
        options.Value.InstanceName is { Length: > 0 } configured ? configured
        : ServiceInstanceId(configuration["OTEL_RESOURCE_ATTRIBUTES"]) ?? Environment.MachineName;

    /// <summary>This instance's consumer group on the event stream.</summary>
    public string StreamGroup => StreamGroupPrefix + Name;

    /// <summary>The value of <c>service.instance.id</c> in OpenTelemetry's <c>key=value,key=value</c> resource attributes.</summary>
    internal static string? ServiceInstanceId(string? resourceAttributes) =>
        (resourceAttributes ?? "").Split(',')
            .Select(attribute => attribute.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Trim() == "service.instance.id")
            .Select(pair => Uri.UnescapeDataString(pair[1].Trim()))
            .FirstOrDefault(id => id.Length > 0);
}
