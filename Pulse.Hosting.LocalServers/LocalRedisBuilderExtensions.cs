using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Files;

namespace Pulse.Hosting.LocalServers;

/// <summary>Adds Redis as a local executable, in the shape of Aspire's <c>AddRedis</c>.</summary>
public static class LocalRedisBuilderExtensions
{
    /// <summary>
    /// Adds a Redis server run from the machine's <c>redis-server</c>, listening on 127.0.0.1 only, with its password in
    /// a <c>0600</c> configuration file (never on the command line, which the dashboard and <c>ps</c> show) and its
    /// append-only file under <c>&lt;AppHost:DataDir&gt;/&lt;name&gt;</c>. A health check makes <c>WaitFor</c> wait until
    /// it answers <c>PING</c>.
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The resource name, also its connection-string name.</param>
    /// <param name="password">The password Redis requires (a secret parameter).</param>
    /// <exception cref="InvalidOperationException"><c>redis-server</c> is not on this machine.</exception>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password)
    {
        var redis = new LocalRedisResource(name, ServerBinaries.RedisServer(), builder.GetDataDirectory(name), password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, (_, ct) => WriteConfigAsync(redis, ct));

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => ConnectionStrings.Resolve(redis), name: healthCheck);

        return builder.AddResource(redis)
            .WithLocalEndpoint()
            .WithArgs(context =>
            {
                context.Args.Add(redis.ConfigFile);
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Memory");
    }

    private static async Task WriteConfigAsync(LocalRedisResource redis, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(redis.WorkingDirectory, ServiceUser.OwnerOnly);
        var password = await redis.GetPasswordAsync(cancellationToken);
        var config = string.Join('\n',
            "bind 127.0.0.1",
            "protected-mode yes",
            "daemonize no",
            $"dir {Quote(redis.WorkingDirectory)}",
            "appendonly yes",
            "appendfsync everysec",
            $"requirepass {Quote(password)}",
            "");
        PrivateFile.WriteAllText(redis.ConfigFile, config);
    }

    private static string Quote(string value) =>
        '"' + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + '"';
}
