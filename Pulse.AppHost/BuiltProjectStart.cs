using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using static Pulse.AppHost.LauncherScript;

namespace Pulse.AppHost;

/// <summary>
/// Has Aspire's orchestrator start each project's built program instead of <c>dotnet run --no-build</c>.
/// </summary>
/// <remarks>
/// Aspire 13.6 starts every project as <c>dotnet run --project P --no-build --configuration C --no-launch-profile</c>,
/// and each <c>dotnet run</c> evaluates P with MSBuild before it starts P's built program (about 1 CPU-s each, 4
/// projects on 2 cores), then stays beside it for nothing. The orchestrator (DCP) finds <c>dotnet</c> on its PATH, so
/// its launcher puts a folder first on that PATH whose <c>dotnet</c> is a short shell script: for exactly that form,
/// with a project the AppHost was built with and the AppHost's own configuration, it starts the program that
/// <c>dotnet run</c> would (the build records each project's output in the AppHost's assembly, <c>pulse.builtprogram:</c>
/// metadata) with what <c>dotnet run</c> adds to its environment (<c>DOTNET_ROOT_&lt;arch&gt;</c>), in the same
/// process, so DCP's pid and signals reach the service itself. Anything else (<c>dotnet watch</c>, more arguments, another
/// configuration, a project not built) goes to the real <c>dotnet</c> unchanged. Either way the folder leaves PATH
/// first, so a service's PATH is what it was. The folder is deleted with the app (when it stops, or fails to start).
/// Off with <c>AppHost:ProjectStart=dotnet-run</c>, under <c>DOTNET_WATCH</c>, and wherever the orchestrator's launcher is
/// (see <see cref="OrchestratorCertificate"/>).
/// </remarks>
internal static class BuiltProjectStart
{
    // Written by the AppHost's project file: the full path of each project resource's project file, and its built assembly.
    private const string MetadataPrefix = "pulse.builtprogram:";

    /// <summary>
    /// Writes the <c>dotnet</c> launcher into a new folder and returns that folder, to go first on the orchestrator's
    /// PATH; or null where the projects start as Aspire starts them.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public static string? WriteDotnetLauncher(IDistributedApplicationBuilder builder)
    {
        var mode = builder.Configuration["AppHost:ProjectStart"];
        if (mode is "dotnet-run" || builder.Configuration.GetValue<bool>("DOTNET_WATCH"))
        {
            return null;
        }

        if (mode is not (null or "" or "built"))
        {
            throw new InvalidOperationException($"AppHost:ProjectStart must be 'built' or 'dotnet-run'; it is '{mode}'.");
        }

        var configuration = typeof(BuiltProjectStart).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var programs = BuiltPrograms();
        if (string.IsNullOrEmpty(configuration) || programs.Count == 0 || RealDotnet() is not { } dotnet)
        {
            return null;
        }

        var folder = RunFolder.Create(builder, "pulse-dotnet-");
        folder.WriteFile("dotnet", Script(folder.Path, dotnet, configuration, programs), LauncherScript.Mode);
        return folder.Path;
    }

    /// <summary>The launcher: <paramref name="programs"/> maps a project file's full path to its built assembly.</summary>
    internal static string Script(string folder, string dotnet, string configuration, IReadOnlyDictionary<string, string> programs)
    {
        var cases = string.Concat(programs.Select(program => $"    {Quote(program.Key)}) program={Quote(program.Value)} ;;\n"));
        var dotnetRoot = Path.GetDirectoryName(dotnet)!;
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToUpperInvariant();
        var leavePath = "PATH=${PATH#" + Quote(folder + ":") + "}";
        return $$"""
            #!{{Shell}}
            # Written by the Pulse AppHost (BuiltProjectStart.cs): Aspire's `dotnet run` of a built project starts its program.
            {{leavePath}}
            program=
            if [ $# -eq 7 ] && [ "$1" = run ] && [ "$2" = --project ] && [ "$4" = --no-build ] && [ "$5" = --configuration ] \
                && [ "$6" = {{Quote(configuration)}} ] && [ "$7" = --no-launch-profile ]; then
                case "$3" in
            {{cases}}    esac
            fi
            if [ -n "$program" ] && [ -f "$program" ]; then
                export DOTNET_ROOT_{{architecture}}={{Quote(dotnetRoot)}}
                [ -x "${program%.dll}" ] && exec "${program%.dll}"
                exec {{Quote(dotnet)}} exec "$program"
            fi
            exec {{Quote(dotnet)}} "$@"

            """;
    }

    private static Dictionary<string, string> BuiltPrograms() =>
        typeof(BuiltProjectStart).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(metadata => metadata.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal) && !string.IsNullOrEmpty(metadata.Value))
            .ToDictionary(metadata => Path.GetFullPath(metadata.Key[MetadataPrefix.Length..]), metadata => metadata.Value!);

    /// <summary>The <c>dotnet</c> the orchestrator would find on the PATH, with its links resolved (its folder is the .NET root).</summary>
    private static string? RealDotnet()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = new FileInfo(Path.Combine(folder, "dotnet"));
            if (candidate.Exists && (candidate.UnixFileMode & UnixFileMode.UserExecute) != 0)
            {
                return candidate.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate.FullName;
            }
        }

        return null;
    }
}
