using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Hosting.LocalServers;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost;

/// <summary>The graph's own conventions, on top of Aspire's verbs.</summary>
internal static class AppHostExtensions
{
    /// <summary>
    /// A secret parameter: <c>Parameters:&lt;name&gt;</c> when configured, else generated once (32 letters and digits,
    /// safe in any connection string) and kept in the AppHost's user secrets, as Aspire keeps generated parameters.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>
    /// The project's HTTP endpoint on <paramref name="port"/> (or <c>AppHost:Ports:&lt;resource&gt;</c>), behind Aspire's
    /// proxy, and that public URL as <c>Pulse:ApiUrl</c>: the one the service registers with Pulse, which consumers can
    /// reach and which stays the same when the service restarts (the service itself listens on a private port).
    /// The AppHost prints it once allocated (<c>registry answers at http://localhost:9696</c>), so a person sees where
    /// each service is, and so does a run whose ports Aspire picks (<c>DcpPublisher:RandomizePorts</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublicHttpEndpoint(this IResourceBuilder<ProjectResource> project, int port)
    {
        var configured = project.ApplicationBuilder.Configuration.GetValue<int?>($"AppHost:Ports:{project.Resource.Name}");
        return project
            .WithHttpEndpoint(port: configured ?? port)
            .WithEnvironment("Pulse__ApiUrl", project.GetEndpoint("http"))
            .OnResourceEndpointsAllocated((resource, @event, _) =>
            {
                var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pulse.AppHost");
                AppHostLog.PublicUrl(logger, resource.Name, resource.GetEndpoint("http").Url);
                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// How many registry instances run, <c>AppHost:RegistryReplicas</c> (default 1). Aspire's proxy on the registry's
    /// public port spreads connections over them; each is named by its <c>service.instance.id</c>.
    /// </summary>
    public static int GetRegistryReplicas(this IDistributedApplicationBuilder builder)
    {
        const string Key = "AppHost:RegistryReplicas";
        var value = builder.Configuration[Key];
        if (value is null or "")
        {
            return 1;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var replicas)
            && replicas is >= 1 and <= 16
            ? replicas
            : throw new InvalidOperationException($"{Key} must be a whole number from 1 to 16; it is '{value}'.");
    }

    /// <summary>
    /// Every project's OpenTelemetry exporter sends each batch once, and gives up on it after 2 s instead of 10 s.
    /// The dashboard stops with the services, and an exporter with nowhere left to send would otherwise hold each
    /// service's exit: Aspire turns on the exporter's in-memory retry, which retries a refused batch until its timeout,
    /// for each of traces, metrics and logs in turn (12 s measured; 1.6 s without it). On loopback, a lost batch is
    /// rare and cheap; a stack that takes 12 s to stop is not.
    /// </summary>
    public static IDistributedApplicationBuilder WithQuickTelemetryShutdown(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
                {
                    environment.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY");
                    environment.TryAdd("OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
                }));
            }

            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>
    /// Every project but the registry, and the <c>dotnet run</c> that Aspire starts it with, waits until its startup has
    /// been quiet for 1 s, instead of 100 ms, before the JIT recompiles its hot methods at tier 1
    /// (<c>TC_CallCountingDelayMs</c>). The stack starts CPU-bound, and with 100 ms each <c>dotnet run</c> spends about
    /// 1 CPU-s more, recompiling code of its project evaluation that it has done with, while the services start beside
    /// it. With 1 s (and the same for the AppHost itself, in its project file), a start of the stack used 30% less CPU
    /// and was up 2.5 s sooner (cold: 29 to 20 CPU-s, 16.6 to 14.1 s; warm: 25 to 19 CPU-s, 14.9 to 12.2 s;
    /// bench/Pulse.AppHost.Bench, 2 cores, medians of 5).
    /// </summary>
    /// <remarks>
    /// The registry keeps the runtime's 100 ms. Under sustained load every method called for the first time restarts
    /// the delay, and with 1 s the registry's request path stayed at tier 0 or in its instrumented tier for a minute
    /// of its benchmark (10,000 registrations, then heartbeats flat out): a heartbeat cost 69–82 µs of CPU against
    /// 27–30 µs, a registration 1.5–1.75 ms against 1.0 ms. The registry takes the load of every service at once,
    /// when it starts and after.
    /// </remarks>
    public static IDistributedApplicationBuilder WithQuickProjectStart(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>().Where(p => p.Name != PulseResources.Registry))
            {
                // The runtime reads DOTNET_ numbers as hexadecimal: 0x3E8 is 1000 ms.
                project.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
                    environment.TryAdd("DOTNET_TC_CallCountingDelayMs", "3E8")));
            }

            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>
    /// Tells the registry about a service's own key: the key may register, renew and leave only the (<paramref name="name"/>,
    /// <paramref name="serviceType"/>) registration and handle only its own relay deliveries; a <paramref name="consumer"/> may
    /// also read download clients' keys and send through the relay. The key reaches the registry as an environment variable
    /// (<c>Registry__Principals__&lt;name&gt;__Key</c>), never on a command line.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPrincipal(
        this IResourceBuilder<ProjectResource> registry, string name, string serviceType, IResourceBuilder<ParameterResource> key,
        bool consumer = false)
    {
        var prefix = $"Registry__Principals__{name}__";
        registry.WithEnvironment(prefix + "ServiceType", serviceType).WithEnvironment(prefix + "Key", key);
        return consumer ? registry.WithEnvironment(prefix + "Consumer", "true") : registry;
    }

    /// <summary>
    /// Gives the project a data folder of its own, <c>&lt;AppHost:DataDir&gt;/&lt;resource&gt;</c>, as
    /// <c>&lt;section&gt;:DataDir</c> (for example <c>Haul:DataDir</c>): where it keeps its generated key and cursors.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDataDirectory(this IResourceBuilder<ProjectResource> project, string section) =>
        project.WithEnvironment($"{section}__DataDir", project.ApplicationBuilder.GetDataDirectory(project.Resource.Name));
}
