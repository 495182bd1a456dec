using Microsoft.Extensions.Configuration;

namespace Pulse.Hosting.Orchestration;

/// <summary>What every resource needs from the host while it starts: the data folder, configuration and options.</summary>
internal sealed class HostContext(AppHostOptions options, IConfiguration configuration, string environmentName, TimeProvider time)
{
    /// <summary>Every clock read of the host goes through this.</summary>
    public TimeProvider Time { get; } = time;

    public AppHostOptions Options { get; } = options;

    public IConfiguration Configuration { get; } = configuration;

    /// <summary><c>Development</c> unless the host runs in another environment; passed to every project.</summary>
    public string EnvironmentName { get; } = environmentName;

    public string DataDir => Options.DataDir;

    /// <summary>Where services export OTLP: the dashboard's receiver.</summary>
    public Uri OtlpEndpoint => new($"http://127.0.0.1:{Options.OtlpPort}");

    /// <summary>The key an OTLP export carries; set when the application starts.</summary>
    public string OtlpApiKey { get; set; } = "";

    public bool IsDevelopment => string.Equals(EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase);

    public string ResourceDataDir(string resourceName) => Path.Combine(DataDir, resourceName);

    /// <summary>PostgreSQL refuses to run as root, so the host runs it as this user when it is root itself.</summary>
    public static string? ServiceUserWhenRoot(string user) => Signals.IsRoot ? user : null;
}
