using Npgsql;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server run from the machine's binaries (<c>initdb --auth=scram-sha-256</c>, then <c>postgres</c>
/// on 127.0.0.1 with its socket in its data folder), or an existing server given as <c>ConnectionStrings:&lt;name&gt;</c>.
/// </summary>
public sealed class PostgresServerResource(string name, ParameterResource password, string? externalConnectionString)
    : ExecutableResource(name, new ResourceEndpoint("tcp", "tcp", desiredPort: null)), IResourceWithConnectionString
{
    /// <summary>The superuser the host creates and connects as.</summary>
    public const string SuperUser = "postgres";

    /// <inheritdoc />
    public override string Kind => "PostgresServer";

    /// <summary>The superuser's password.</summary>
    public ParameterResource Password { get; } = password;

    /// <summary>The databases the host creates on this server once it accepts connections.</summary>
    public IList<PostgresDatabaseResource> Databases { get; } = [];

    /// <inheritdoc />
    public override bool IsExternal => externalConnectionString is not null;

    /// <inheritdoc />
    public string GetConnectionString() => externalConnectionString ?? new NpgsqlConnectionStringBuilder
    {
        Host = ResourceEndpoint.Host,
        Port = Endpoint.Port,
        Username = SuperUser,
        Password = Password.Value,
    }.ConnectionString;

    internal override Task<LaunchSpec> PrepareAsync(HostContext context, CancellationToken cancellationToken) =>
        new PostgresInstance(this, context).PrepareAsync(cancellationToken);

    internal override Task<bool> ProbeAsync(HostContext context, CancellationToken cancellationToken) =>
        PostgresInstance.AcceptsConnectionsAndHasDatabasesAsync(this, cancellationToken);

    internal override void RequestStop(ManagedProcess process, HostContext context) =>
        new PostgresInstance(this, context).RequestFastShutdown(process);
}
