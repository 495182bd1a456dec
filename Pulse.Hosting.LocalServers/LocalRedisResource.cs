using Aspire.Hosting.ApplicationModel;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// A Redis server run from the machine's <c>redis-server</c> as an executable under Aspire's orchestrator: the stand-in
/// for Aspire's Redis container where no container engine answers, with a connection string of the same shape.
/// </summary>
/// <param name="name">The resource name, also its connection-string name.</param>
/// <param name="command">The path of <c>redis-server</c>.</param>
/// <param name="dataDirectory">Where Redis keeps its configuration file and its append-only file.</param>
/// <param name="password">The password Redis requires.</param>
public sealed class LocalRedisResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    /// <summary>The name of the endpoint that Redis listens on.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The password Redis requires.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The configuration file, written <c>0600</c> before each start (it holds the password).</summary>
    public string ConfigFile => Path.Combine(WorkingDirectory, "redis.conf");

    /// <summary>The endpoint that Redis listens on.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
