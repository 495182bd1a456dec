using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Registry.DownloadClients;
using Pulse.Registry.Events;
using Pulse.Registry.Liveness;
using Pulse.Registry.Relay;
using Pulse.ServiceDefaults;
using Pulse.ServiceDefaults.BadInput;

namespace Pulse.Registry;

internal static class RegistryServiceExtensions
{
    public static WebApplicationBuilder AddRegistryServices(this WebApplicationBuilder builder)
    {
        builder.AddPostgresClient(PulseResources.RegistryDatabase, ConfigureDataSource);

        // The registry keeps serving without Redis: it starts while Redis is down, and Redis down makes /health
        // Degraded, not Unhealthy. Redis commands stay out of traces: the event subscriber's idle polling alone would
        // make about nine root traces a second and crowd out the ones worth reading.
        builder.AddRedisClient(PulseResources.Redis,
            settings =>
            {
                settings.DisableHealthChecks = true;
                settings.DisableTracing = true;
            },
            redis => redis.AbortOnConnectFail = false);
        builder.AddRedisHealthCheck(HealthStatus.Degraded);

        builder.Services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RelayOptions>().BindConfiguration(RelayOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PrincipalSettings>().BindConfiguration(PrincipalSettings.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PrincipalSettings>, PrincipalSettingsValidation>();

        // Request bodies over 1 MiB are a 413 (the relay's message route raises its own limit to 16 MiB).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.AddSnakeCaseJson(RegistryJsonContext.Default);

        // A number is a JSON number: "port": "80" is a type error, as it was before bodies were bound.
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);

        builder.Services.AddValidation();
        builder.Services.AddOpenApi();

        // Heartbeats are a service's routine liveness signal: at 10,000 services they would be 333 spans a second and
        // push every other trace out of the dashboard's buffer. The benchmark's no-op baseline is left out alike.
        builder.ExcludeRequestsFromTracing(request =>
            ServicesApi.IsHeartbeat(request) || request.Path.StartsWithSegments(NoOpApi.Path) || BlockingQuery.IsLongPoll(request));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RegistryInstance>();
        builder.Services.AddSingleton<ChangeIndex>();
        builder.Services.AddSingleton<RegistryDatabase>();
        builder.Services.AddSingleton<RegistryStartup>();
        builder.Services.AddSingleton<LeaseBook>();
        builder.Services.AddSingleton<LivenessView>();
        builder.Services.AddSingleton<BlockingRead>();
        builder.Services.AddSingleton<ServiceStore>();
        builder.Services.AddSingleton<DownloadClientSync>();
        builder.Services.AddSingleton<DownloadClientStore>();
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<DeliverySignals>();
        builder.Services.AddSingleton<DeliveryLog>();
        builder.Services.AddSingleton<RelayStore>();
        builder.Services.AddSingleton<PrincipalStore>();
        builder.Services.AddSingleton<PrincipalSeeder>();
        builder.Services.AddSingleton<PrincipalDirectory>();
        builder.Services.AddSingleton<ServiceOwners>();

        AddBackgroundService<HeartbeatFlusher>(builder.Services);
        AddBackgroundService<LeaseSweeper>(builder.Services);
        AddBackgroundService<RelaySweeper>(builder.Services);
        AddBackgroundService<RelayNotifications>(builder.Services);
        AddBackgroundService<IndexWatcher>(builder.Services);
        builder.Services.AddSingleton<EventStream>();
        AddBackgroundService<EventStreamPublisher>(builder.Services);
        AddBackgroundService<EventStreamSubscriber>(builder.Services);
        AddBackgroundService<InstanceRoster>(builder.Services);
        AddBackgroundService<PrincipalWatcher>(builder.Services);
        return builder;
    }

    /// <summary>Migrates the database and loads the registry's state before it serves a request.</summary>
    public static async Task InitializeRegistryAsync(this WebApplication app, CancellationToken cancellationToken = default) =>
        await DatabaseStartup.RunAsync(app.Services.GetRequiredService<RegistryStartup>().InitializeAsync, app.Logger, cancellationToken);

    public static WebApplication MapRegistryApi(this WebApplication app)
    {
        app.UseStorableText();

        // A request that needs PostgreSQL answers within a few seconds whatever PostgreSQL does; long polls have
        // deadlines of their own (their wait plus a margin), and a relay message's upload may take its time.
        app.MapServicesApi().WithDependencyDeadline(BlockingQuery.IsLongPoll);
        app.MapDownloadClientsApi().WithDependencyDeadline(BlockingQuery.IsLongPoll);
        app.MapEventsApi().WithDependencyDeadline(BlockingQuery.IsLongPoll);
        app.MapRelayApi().WithDependencyDeadline(request => BlockingQuery.IsLongPoll(request) || RelayApi.IsMessageUpload(request));
        app.MapPrincipalsApi().WithDependencyDeadline();
        if (app.Services.GetRequiredService<IOptions<RegistryOptions>>().Value.BenchmarkNoOp)
        {
            app.MapNoOpApi();
        }

        return app;
    }

    // One instance, reachable both as itself (the sweep flushes heartbeats first; tests drive a sweep) and as a hosted service.
    private static void AddBackgroundService<T>(IServiceCollection services) where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(provider => provider.GetRequiredService<T>());
    }

    /// <summary>How the registry's <see cref="NpgsqlDataSource"/> is built (tests build one the same way).</summary>
    internal static void ConfigureDataSource(NpgsqlDataSourceBuilder dataSource)
    {
        // No automatic preparation, whatever the connection string says. Npgsql (10.0.3) prepares a statement on the call
        // that reaches its usage threshold, in the same round trip as that call's Bind and Execute; when PostgreSQL refuses
        // that call (a value it cannot take, a lock timeout, any error), it skips the rest of the round trip, the
        // driver's record of what is prepared no longer matches the server's, and the pooled connection goes out of step:
        // the next request on it fails with "Received unexpected backend message DataRow" (npgsql/npgsql#6391). Parsing the
        // registry's short statements each time costs far less than a connection that answers the wrong request.
        dataSource.ConnectionStringBuilder.MaxAutoPrepare = 0;
    }
}
