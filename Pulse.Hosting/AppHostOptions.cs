namespace Pulse.Hosting;

/// <summary>The host's own settings, bound from the <c>AppHost</c> configuration section.</summary>
public sealed class AppHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "AppHost";

    /// <summary>
    /// Where the data of every resource persists between runs (PostgreSQL and Redis data, the services' keys,
    /// generated parameters). Default: <c>/var/lib/pulse</c> for root (the <c>postgres</c> user must be able
    /// to traverse it, which a root home is not), else <c>$XDG_DATA_HOME/pulse</c>.
    /// </summary>
    public string DataDir { get; set; } = DefaultDataDir();

    /// <summary>Wipe the data folder before starting (<c>--fresh</c>).</summary>
    public bool Fresh { get; set; }

    /// <summary>Give every endpoint a free port instead of the graph's fixed ones (tests).</summary>
    public bool RandomizePorts { get; set; }

    /// <summary>Keep the resources' console output in memory only, without echoing it (tests).</summary>
    public bool Quiet { get; set; }

    /// <summary>Delete the data folder when the application is disposed (tests).</summary>
    public bool DeleteDataDirOnDispose { get; set; }

    /// <summary>How long a resource may take to become ready before its start fails.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a resource may take to stop gracefully before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The folder with PostgreSQL's <c>initdb</c> and <c>postgres</c>; found on PATH or under /usr/lib/postgresql by default.</summary>
    public string? PostgresBinDir { get; set; }

    /// <summary>The port of the dashboard's OTLP/HTTP receiver, which every service exports to.</summary>
    public int OtlpPort { get; set; } = 18890;

    /// <summary>The key an OTLP export must carry in <c>x-otlp-api-key</c>; generated per run unless given.</summary>
    public string? OtlpApiKey { get; set; }

    /// <summary>The port of the dashboard's UI and JSON API.</summary>
    public int DashboardPort { get; set; } = 18888;

    /// <summary>
    /// The dashboard's browser token (the printed sign-in link carries it); generated per run unless given, and set
    /// here once the application has started.
    /// </summary>
    public string? DashboardToken { get; set; }

    private static string DefaultDataDir()
    {
        if (Environment.UserName == "root")
        {
            return "/var/lib/pulse";
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "pulse");
    }
}
