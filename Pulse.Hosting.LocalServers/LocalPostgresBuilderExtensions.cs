using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Pulse.Hosting.LocalServers;

/// <summary>Adds PostgreSQL as a local executable, in the shape of Aspire's <c>AddPostgres</c> and <c>AddDatabase</c>.</summary>
public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server run from the machine's binaries, its cluster under
    /// <c>&lt;AppHost:DataDir&gt;/&lt;name&gt;/data</c>: created on first start with <c>initdb --auth=scram-sha-256</c>
    /// and the password, kept between runs, listening on 127.0.0.1 only, run as the <c>postgres</c> OS user when the
    /// AppHost is root. A health check makes <c>WaitFor</c> wait until it accepts connections.
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The resource name, also its connection-string name.</param>
    /// <param name="password">The superuser's password (a secret parameter).</param>
    /// <exception cref="InvalidOperationException">PostgreSQL's binaries are not on this machine.</exception>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password)
    {
        var binDirectory = ServerBinaries.PostgresBinDirectory(builder.Configuration["AppHost:PostgresBinDir"]);
        var osUser = ServiceUser.WhenRoot(LocalPostgresServerResource.SuperUser);
        var (command, prefix) = ServiceUser.Exec(osUser, Path.Combine(binDirectory, "postgres"));
        var server = new LocalPostgresServerResource(name, command, builder.GetDataDirectory(name), password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, (_, ct) =>
            PostgresCluster.PrepareAsync(server, binDirectory, osUser, ct));

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => ServerConnectionString(server), name: healthCheck);

        return builder.AddResource(server)
            .WithLocalEndpoint()
            .WithArgs(context =>
            {
                var endpoint = server.PrimaryEndpoint;
                foreach (var argument in prefix)
                {
                    context.Args.Add(argument);
                }

                context.Args.Add("-D");
                context.Args.Add(server.DataDirectory);
                context.Args.Add("-h");
                context.Args.Add("127.0.0.1");
                context.Args.Add("-k");
                context.Args.Add(server.DataDirectory);
                context.Args.Add("-p");
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("DatabaseMultiple");
    }

    /// <summary>
    /// Adds a database that is created on the server once the server accepts connections; it runs from then on, so
    /// <c>WaitFor</c> on it waits for the database itself.
    /// </summary>
    /// <param name="builder">The server.</param>
    /// <param name="name">The resource name, also its connection-string name.</param>
    /// <param name="databaseName">The database's name; the resource name when not given.</param>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);

        var healthCheck = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => DatabaseConnectionString(database), name: healthCheck);

        builder.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(builder.Resource, async (@event, ct) =>
        {
            await PostgresCluster.CreateDatabaseAsync(database, ct);
            await @event.Services.GetRequiredService<ResourceNotificationService>().PublishReadyAsync(database);
        });

        return builder.ApplicationBuilder.AddResource(database)
            .WithStateOfParent<LocalPostgresDatabaseResource, LocalPostgresServerResource>()
            .WithHealthCheck(healthCheck);
    }

    internal static string ServerConnectionString(LocalPostgresServerResource server) =>
        new NpgsqlConnectionStringBuilder(ConnectionStrings.Resolve(server)) { Database = "postgres", Timeout = 3 }.ConnectionString;

    private static string DatabaseConnectionString(LocalPostgresDatabaseResource database) =>
        new NpgsqlConnectionStringBuilder(ConnectionStrings.Resolve(database)) { Timeout = 3 }.ConnectionString;
}
