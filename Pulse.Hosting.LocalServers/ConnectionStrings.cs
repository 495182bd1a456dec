using Aspire.Hosting.ApplicationModel;

namespace Pulse.Hosting.LocalServers;

/// <summary>A local server's connection string, for its health checks: asked for only once its endpoint is allocated.</summary>
internal static class ConnectionStrings
{
    public static string Resolve(IResourceWithConnectionString resource) =>
        resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"'{resource.Name}' has no connection string yet.");
}
