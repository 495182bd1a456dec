namespace Pulse.Hosting.ApplicationModel;

/// <summary>An existing server reached through a connection string from configuration (<c>ConnectionStrings:&lt;name&gt;</c>).</summary>
public sealed class ConnectionStringResource(string name, string connectionString) : Resource(name), IResourceWithConnectionString
{
    /// <inheritdoc />
    public override string Kind => "ConnectionString";

    /// <inheritdoc />
    public string GetConnectionString() => connectionString;
}
