namespace Pulse.Hosting.ApplicationModel;

/// <summary>The one network endpoint of a resource, always on the loopback address.</summary>
public sealed class ResourceEndpoint(string name, string scheme, int? desiredPort)
{
    /// <summary>The loopback address every resource binds to.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>The endpoint's name (<c>http</c> or <c>tcp</c>), as in <c>services__&lt;resource&gt;__http__0</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The URL scheme.</summary>
    public string Scheme { get; } = scheme;

    /// <summary>The port asked for in the graph (for example 9696), or <c>null</c> for any free port.</summary>
    public int? DesiredPort { get; set; } = desiredPort;

    /// <summary>The port allocated when the application started.</summary>
    public int Port { get; internal set; }

    /// <summary>The endpoint's URL, for example <c>http://127.0.0.1:9696</c>.</summary>
    public Uri Url => new($"{Scheme}://{Host}:{Port}");
}
