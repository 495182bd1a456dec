namespace Pulse.Hosting.ApplicationModel;

/// <summary>Configures one resource of the graph, as Aspire's <c>IResourceBuilder&lt;T&gt;</c> does.</summary>
/// <typeparam name="T">The resource's type.</typeparam>
public interface IResourceBuilder<out T> where T : Resource
{
    /// <summary>The application builder the resource belongs to.</summary>
    DistributedApplicationBuilder ApplicationBuilder { get; }

    /// <summary>The resource being configured.</summary>
    T Resource { get; }
}

internal sealed class ResourceBuilder<T>(DistributedApplicationBuilder applicationBuilder, T resource) : IResourceBuilder<T>
    where T : Resource
{
    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;

    public T Resource { get; } = resource;
}
