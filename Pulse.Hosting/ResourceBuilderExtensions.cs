using Microsoft.Extensions.Configuration;
using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting;

/// <summary>The Aspire-shaped verbs that wire resources together.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Adds a parameter: <c>Parameters:&lt;name&gt;</c> if configured, else generated once and kept in the data folder.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(
        this DistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret));

    /// <summary>Adds an existing server reached through <c>ConnectionStrings:&lt;name&gt;</c> from configuration.</summary>
    /// <exception cref="InvalidOperationException">The connection string is not configured.</exception>
    public static IResourceBuilder<ConnectionStringResource> AddConnectionString(this DistributedApplicationBuilder builder, string name)
    {
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Connection string '{name}' is not configured: set ConnectionStrings:{name}.");
        }

        return builder.AddResource(new ConnectionStringResource(name, connectionString));
    }

    /// <summary>
    /// Gives the project the resource's connection string as <c>ConnectionStrings__&lt;connectionName&gt;</c>
    /// (the resource's name unless given).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference<T>(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<T> source, string? connectionName = null)
        where T : Resource, IResourceWithConnectionString
    {
        builder.Resource.References.Add(source.Resource);
        builder.Resource.Environment[$"ConnectionStrings__{connectionName ?? source.Resource.Name}"] =
            new EnvironmentValue(source.Resource.GetConnectionString, IsSecret: true);
        return builder;
    }

    /// <summary>Lets the project discover another one as <c>http://&lt;name&gt;</c> (<c>services__&lt;name&gt;__http__0</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> source)
    {
        var endpoint = source.Resource.Endpoint;
        builder.Resource.References.Add(source.Resource);
        builder.Resource.Environment[$"services__{source.Resource.Name}__{endpoint.Name}__0"] =
            new EnvironmentValue(() => endpoint.Url.ToString().TrimEnd('/'), IsSecret: false);
        return builder;
    }

    /// <summary>Holds the resource until <paramref name="dependency"/> is ready (for a database: its server).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    /// <summary>Sets an environment variable on the project.</summary>
    public static IResourceBuilder<ProjectResource> WithEnvironment(
        this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        builder.Resource.Environment[name] = EnvironmentValue.Of(value);
        return builder;
    }

    /// <summary>Sets an environment variable on the project from a parameter (secret if the parameter is).</summary>
    public static IResourceBuilder<ProjectResource> WithEnvironment(
        this IResourceBuilder<ProjectResource> builder, string name, IResourceBuilder<ParameterResource> parameter)
    {
        builder.Resource.References.Add(parameter.Resource);
        builder.Resource.Environment[name] = parameter.Resource.AsEnvironmentValue();
        return builder;
    }

    /// <summary>The project counts as ready, and healthy, when <paramref name="path"/> answers <c>200</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(
        this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    /// <summary>Asks for a fixed port (used in interactive runs; tests randomize every port).</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int port)
        where T : ExecutableResource
    {
        builder.Resource.Endpoint.DesiredPort = port;
        return builder;
    }

    /// <summary>Leaves the resource stopped at start until it is started explicitly; waits on it are skipped.</summary>
    public static IResourceBuilder<T> WithExplicitStart<T>(this IResourceBuilder<T> builder) where T : Resource
    {
        builder.Resource.ExplicitStart = true;
        return builder;
    }
}
