using Microsoft.Extensions.Configuration;
using Pulse.Hosting.ApplicationModel;
using Pulse.Hosting.Testing;

namespace Pulse.Hosting;

/// <summary>
/// Builds the application graph, shaped like Aspire's <c>IDistributedApplicationBuilder</c>. Configuration comes
/// from environment variables and the command line (<c>--AppHost:DataDir=/tmp/x</c>, <c>--fresh</c>,
/// <c>--Parameters:pulse-api-key=...</c>).
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];
    private AppHostOptions? _options;

    internal DistributedApplicationBuilder(string[] args)
    {
        Configuration = new ConfigurationManager();
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(CommandLine.Normalize(args));
        EnvironmentName = Configuration["DOTNET_ENVIRONMENT"] ?? Configuration["ASPNETCORE_ENVIRONMENT"] ?? "Development";
    }

    /// <summary>The host's configuration: <c>AppHost:*</c>, <c>Parameters:*</c>, <c>ConnectionStrings:*</c>.</summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>The environment the projects run in (<c>Development</c> by default).</summary>
    public string EnvironmentName { get; }

    /// <summary>Every resource of the graph, in the order it was added.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>The data folder, known once the application is built.</summary>
    internal string DataDirectory => _options?.DataDir ?? throw new InvalidOperationException("The data folder is known once the application is built.");

    /// <summary>Adds a resource; its name must be unique in the graph.</summary>
    /// <exception cref="InvalidOperationException">A resource of that name exists already.</exception>
    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(existing => string.Equals(existing.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"The graph has a resource named '{resource.Name}' already.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <summary>A builder for a resource already in the graph, to change it (tests use this to set short intervals).</summary>
    /// <exception cref="InvalidOperationException">There is no resource of that name and type.</exception>
    public IResourceBuilder<T> CreateResourceBuilder<T>(string name) where T : Resource =>
        new ResourceBuilder<T>(this, _resources.OfType<T>().FirstOrDefault(resource => resource.Name == name)
            ?? throw new InvalidOperationException($"The graph has no {typeof(T).Name} named '{name}'."));

    /// <summary>Builds the application. Nothing starts until <see cref="DistributedApplication.StartAsync"/> or <see cref="DistributedApplication.RunAsync"/>.</summary>
    public DistributedApplication Build()
    {
        TestingInterception.InterceptIfTesting(this);
        var options = new AppHostOptions();
        Configuration.GetSection(AppHostOptions.Section).Bind(options);
        options.DataDir = Path.GetFullPath(options.DataDir);
        _options = options;
        return new DistributedApplication(this, options);
    }
}
