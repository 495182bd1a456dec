using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Pulse.Hosting.LocalServers;

internal static class LocalServerResourceExtensions
{
    /// <summary>The server's one TCP endpoint, proxied by Aspire, the server itself bound to 127.0.0.1 only.</summary>
    public static IResourceBuilder<T> WithLocalEndpoint<T>(this IResourceBuilder<T> server) where T : LocalServerResource =>
        server.WithEndpoint(name: LocalServerResource.PrimaryEndpointName, scheme: "tcp")
            .WithEndpoint(LocalServerResource.PrimaryEndpointName, endpoint => endpoint.TargetHost = "127.0.0.1");
}
