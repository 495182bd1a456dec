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
    : ExecutableResource(name, command, serverDirectory), IResourceWithConnectionString
{
    /// <summary>The name of the endpoint that PostgreSQL listens on.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser that <c>initdb</c> creates and the connection string names.</summary>
    public const string SuperUser = "postgres";

    /// <summary>The superuser's password.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The cluster's data folder (also where PostgreSQL puts its Unix socket).</summary>
    public string DataDirectory => Path.Combine(WorkingDirectory, "data");

    /// <summary>The endpoint that PostgreSQL listens on.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={SuperUser};Password={PasswordParameter}");
}
