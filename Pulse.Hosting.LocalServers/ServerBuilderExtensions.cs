using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// PostgreSQL and Redis wherever they can run: Aspire's own containers (<c>AddPostgres</c>, <c>AddRedis</c>, with a
/// data volume) when a container engine answers, else local executables under Aspire's orchestrator (see
/// <see cref="ContainerRuntime"/>). Either way the resources have the same names and give services the same
/// <c>ConnectionStrings__&lt;name&gt;</c>. With <c>ConnectionStrings:&lt;name&gt;</c> configured, the resource is that
/// existing server instead (<c>AddConnectionString</c>), and its databases must exist on it.
/// </summary>
public static class ServerBuilderExtensions
{
    /// <summary>Adds a PostgreSQL server: Aspire's container, or <see cref="LocalPostgresBuilderExtensions.AddLocalPostgres"/>.</summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The resource name, also its connection-string name.</param>
    /// <param name="password">The superuser's password (a secret parameter).</param>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresServer(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password) =>
        IsConfigured(builder, name) ? builder.AddConnectionString(name)
        : builder.UsesContainers() ? builder.AddPostgres(name, password: password).WithDataVolume()
        : builder.AddLocalPostgres(name, password);

    /// <summary>Adds a database, created on <paramref name="server"/> once the server accepts connections.</summary>
    /// <param name="server">A server from <see cref="AddPostgresServer"/>.</param>
    /// <param name="name">The resource name, also its connection-string name and the database's name.</param>
    /// <exception cref="ArgumentException"><paramref name="server"/> is not a PostgreSQL server.</exception>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(
        this IResourceBuilder<IResourceWithConnectionString> server, string name) =>
        server.Resource switch
        {
            PostgresServerResource container => server.ApplicationBuilder.CreateResourceBuilder(container).AddDatabase(name),
            LocalPostgresServerResource local => server.ApplicationBuilder.CreateResourceBuilder(local).AddDatabase(name),
            _ when IsConfigured(server.ApplicationBuilder, server.Resource.Name) =>
                server.ApplicationBuilder.AddConnectionString(name, ReferenceExpression.Create($"{server.Resource};Database={name}")),
            _ => throw new ArgumentException($"'{server.Resource.Name}' is not a PostgreSQL server.", nameof(server)),
        };

    /// <summary>Adds a Redis server: Aspire's container (persisted to a data volume), or <see cref="LocalRedisBuilderExtensions.AddLocalRedis"/>.</summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The resource name, also its connection-string name.</param>
    /// <param name="password">The password Redis requires (a secret parameter).</param>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password) =>
        IsConfigured(builder, name) ? builder.AddConnectionString(name)
        : builder.UsesContainers() ? builder.AddRedis(name, password: password).WithDataVolume().WithPersistence()
        : builder.AddLocalRedis(name, password);

    private static bool IsConfigured(IDistributedApplicationBuilder builder, string name) =>
        !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name));
}
