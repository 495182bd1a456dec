using Aspire.Hosting.ApplicationModel;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// A server run from the machine's own binaries as an executable under Aspire's orchestrator, listening on one TCP
/// endpoint on 127.0.0.1 and guarded by a password: what <see cref="LocalPostgresServerResource"/> and
/// <see cref="LocalRedisResource"/> share.
/// </summary>
/// <param name="name">The resource name, also its connection-string name.</param>
/// <param name="command">The executable.</param>
/// <param name="workingDirectory">The server's own folder.</param>
/// <param name="password">The password the server requires.</param>
public abstract class LocalServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The name of the endpoint that the server listens on.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The password the server requires.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The endpoint that the server listens on.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public abstract ReferenceExpression ConnectionStringExpression { get; }

    /// <summary>The password's value, for the files written before the server starts.</summary>
    /// <exception cref="InvalidOperationException">The password parameter has no value.</exception>
    public async Task<string> GetPasswordAsync(CancellationToken cancellationToken) =>
        await PasswordParameter.GetValueAsync(cancellationToken)
        ?? throw new InvalidOperationException($"The '{PasswordParameter.Name}' parameter has no value.");
}
