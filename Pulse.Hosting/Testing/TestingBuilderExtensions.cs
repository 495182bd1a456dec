using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting.Testing;

/// <summary>Test-only changes to a graph before it is built.</summary>
public static class TestingBuilderExtensions
{
    /// <summary>
    /// Holds resources back at start: their endpoints are still allocated, and waits on them are skipped (to start
    /// the stack without the registry, say). Start them later with <see cref="DistributedApplication.StartResourceAsync"/>.
    /// </summary>
    public static DistributedApplicationBuilder HoldBack(this DistributedApplicationBuilder builder, params string[] names)
    {
        foreach (var name in names)
        {
            builder.CreateResourceBuilder<Resource>(name).WithExplicitStart();
        }

        return builder;
    }

    /// <summary>Sets an environment variable on a project of the graph (short intervals, for example).</summary>
    public static DistributedApplicationBuilder WithEnvironment(
        this DistributedApplicationBuilder builder, string resourceName, string name, string value)
    {
        builder.CreateResourceBuilder<ProjectResource>(resourceName).WithEnvironment(name, value);
        return builder;
    }
}
