using System.Runtime.CompilerServices;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// The AppHost's data folder (<c>AppHost:DataDir</c>): where the local PostgreSQL and Redis keep their data and the
/// services their generated keys, one subfolder per resource, kept between runs. <c>AppHost:Fresh=true</c> empties it
/// once at start.
/// </summary>
public static class DataDirectoryExtensions
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, string> Resolved = [];

    /// <summary>The data folder, or the subfolder of <paramref name="resourceName"/> in it.</summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="resourceName">A resource's name, or null for the data folder itself.</param>
    public static string GetDataDirectory(this IDistributedApplicationBuilder builder, string? resourceName = null)
    {
        var root = Resolved.GetValue(builder, Resolve);
        return resourceName is null ? root : Path.Combine(root, resourceName);
    }

    private static string Resolve(IDistributedApplicationBuilder builder)
    {
        var root = Path.GetFullPath(builder.Configuration["AppHost:DataDir"] is { Length: > 0 } configured ? configured : DefaultRoot());
        if (builder.Configuration.GetValue<bool>("AppHost:Fresh") && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        // Traversable, so that the postgres OS user can reach its own folder below when the AppHost runs as root.
        Directory.CreateDirectory(root, ServiceUser.Traversable);
        return root;
    }

    // root: /var/lib/pulse (which the postgres user can reach); anyone else: $XDG_DATA_HOME/pulse or ~/.local/share/pulse.
    private static string DefaultRoot() =>
        Environment.IsPrivilegedProcess
            ? "/var/lib/pulse"
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "pulse");
}
