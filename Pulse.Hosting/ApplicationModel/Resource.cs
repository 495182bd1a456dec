namespace Pulse.Hosting.ApplicationModel;

/// <summary>A node of the application graph: a server, a database, a project or a parameter.</summary>
public abstract class Resource(string name)
{
    /// <summary>The resource's name, unique in the graph; also its service-discovery and connection-string name.</summary>
    public string Name { get; } = name;

    /// <summary>What kind of resource this is (<c>Project</c>, <c>PostgresServer</c>, ...), as the dashboard shows it.</summary>
    public abstract string Kind { get; }

    /// <summary>The resources this one waits for before it starts.</summary>
    public IList<Resource> WaitsFor { get; } = [];

    /// <summary>The resources this one references (connection strings, service discovery).</summary>
    public IList<Resource> References { get; } = [];

    /// <summary>
    /// Whether the host leaves this resource stopped at start, until it is started explicitly. Waits on such a
    /// resource are skipped.
    /// </summary>
    public bool ExplicitStart { get; set; }

    /// <summary>The resource that runs this one: itself, or for a database its server.</summary>
    public virtual Resource RunsOn => this;

    /// <inheritdoc />
    public override string ToString() => Name;
}
