using Pulse.Hosting.Orchestration;
using StackExchange.Redis;

namespace Pulse.Hosting.ApplicationModel;

/// <summary>
/// A Redis server run from the machine's <c>redis-server</c>, bound to 127.0.0.1 with <c>requirepass</c> set in a
/// <c>0600</c> config file (never on a command line), or an existing server given as <c>ConnectionStrings:&lt;name&gt;</c>.
/// </summary>
public sealed class RedisResource(string name, ParameterResource password, string? externalConnectionString)
    : ExecutableResource(name, new ResourceEndpoint("tcp", "tcp", desiredPort: null)), IResourceWithConnectionString
{
    /// <inheritdoc />
    public override string Kind => "Redis";

    /// <summary>The password Redis requires.</summary>
    public ParameterResource Password { get; } = password;

    /// <inheritdoc />
    public override bool IsExternal => externalConnectionString is not null;

    /// <inheritdoc />
    public string GetConnectionString() => externalConnectionString ?? new ConfigurationOptions
    {
        EndPoints = { { ResourceEndpoint.Host, Endpoint.Port } },
        Password = Password.Value,
    }.ToString(includePassword: true);

    internal override Task<LaunchSpec> PrepareAsync(HostContext context, CancellationToken cancellationToken) =>
        RedisInstance.PrepareAsync(this, context, cancellationToken);

    internal override Task<bool> ProbeAsync(HostContext context, CancellationToken cancellationToken) =>
        RedisInstance.AnswersPingAsync(this, cancellationToken);
}
