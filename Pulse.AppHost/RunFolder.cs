using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.AppHost;

/// <summary>
/// A temporary folder only this user can read, for one run of the AppHost (the orchestrator's launcher and certificate,
/// the launcher of built projects). The app's services own it, so it is deleted when the app is disposed: after it
/// stops, and after a failed start too; and when the AppHost fails before its app is built (a missing server, a bad
/// setting). Only a killed AppHost leaves it behind, in the temporary folder.
/// </summary>
internal sealed class RunFolder : IDisposable
{
    private RunFolder(string path) => Path = path;

    public string Path { get; }

    public static RunFolder Create(IDistributedApplicationBuilder builder, string prefix)
    {
        var folder = new RunFolder(Directory.CreateTempSubdirectory(prefix).FullName);

        // Made by a factory, so the container disposes of it; made as the app starts, so a failed start disposes of it.
        builder.Services.AddKeyedSingleton(prefix, (_, _) => folder);
        AppDomain.CurrentDomain.UnhandledException += (_, _) => folder.Dispose();
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            @event.Services.GetRequiredKeyedService<RunFolder>(prefix);
            return Task.CompletedTask;
        });
        return folder;
    }

    /// <summary>Writes a new file of the folder with <paramref name="mode"/> from its creation on; its full path.</summary>
    [UnsupportedOSPlatform("windows")]
    public string WriteFile(string name, string content, UnixFileMode mode)
    {
        var path = System.IO.Path.Combine(Path, name);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
