using Aspire.Hosting.ApplicationModel;

namespace Pulse.Hosting.LocalServers;

/// <summary>A database on a <see cref="LocalPostgresServerResource"/>, created once the server accepts connections.</summary>
/// <param name="name">The resource name, also its connection-string name.</param>
/// <param name="databaseName">The database's name on the server.</param>
/// <param name="parent">The server.</param>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString, IResourceWithReadiness
{
    private volatile bool _created;

    /// <summary>The database's name on the server.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <inheritdoc />
    public LocalPostgresServerResource Parent { get; } = parent;

    // Created on the running server; forgotten when the server stops.
    bool IResourceWithReadiness.IsReady
    {
        get => _created;
        set => _created = value;
    }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
