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
    : LocalServerResource(name, command, dataDirectory, password)
{
    /// <summary>The configuration file, written <c>0600</c> before each start (it holds the password).</summary>
    public string ConfigFile => Path.Combine(WorkingDirectory, "redis.conf");

    /// <inheritdoc />
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
