namespace Pulse.Hosting.ApplicationModel;

/// <summary>A resource that others reach through a connection string (<c>ConnectionStrings__&lt;name&gt;</c>).</summary>
public interface IResourceWithConnectionString
{
    /// <summary>The resource's name, which is the connection string's name by default.</summary>
    string Name { get; }

    /// <summary>The connection string, password included. Available once the application has started.</summary>
    string GetConnectionString();
}
