using Aspire.Hosting.ApplicationModel;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// A PostgreSQL server run from the machine's own binaries as an executable under Aspire's orchestrator: the
/// stand-in for Aspire's PostgreSQL container where no container engine answers. Its connection string has the
/// shape of the container's, so services cannot tell the two apart.
/// </summary>
/// <param name="name">The resource name, also its connection-string name.</param>
/// <param name="command">The executable: <c>postgres</c> itself, or <c>setpriv</c> when the AppHost runs as root.</param>
/// <param name="serverDirectory">The server's own folder; the cluster lives in its <c>data</c> subfolder.</param>
/// <param name="password">The superuser's password.</param>
public sealed class LocalPostgresServerResource(string name, string command, string serverDirectory, ParameterResource password)
    : LocalServerResource(name, command, serverDirectory, password)
{
    /// <summary>The superuser that <c>initdb</c> creates and the connection string names.</summary>
    public const string SuperUser = "postgres";

    /// <summary>The cluster's data folder (also where PostgreSQL puts its Unix socket).</summary>
    public string DataDirectory => Path.Combine(WorkingDirectory, "data");

    /// <inheritdoc />
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={SuperUser};Password={PasswordParameter}");
}
