using Microsoft.Extensions.Configuration;
using Pulse.Hosting.LocalServers;

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
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublicHttpEndpoint(this IResourceBuilder<ProjectResource> project, int port)
    {
        var configured = project.ApplicationBuilder.Configuration.GetValue<int?>($"AppHost:Ports:{project.Resource.Name}");
        return project
            .WithHttpEndpoint(port: configured ?? port)
            .WithEnvironment("Pulse__ApiUrl", project.GetEndpoint("http"));
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
    /// Gives the project a data folder of its own, <c>&lt;AppHost:DataDir&gt;/&lt;resource&gt;</c>, as
    /// <c>&lt;section&gt;:DataDir</c> (for example <c>Haul:DataDir</c>): where it keeps its generated key and cursors.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDataDirectory(this IResourceBuilder<ProjectResource> project, string section) =>
        project.WithEnvironment($"{section}__DataDir", project.ApplicationBuilder.GetDataDirectory(project.Resource.Name));
}
