using System.Diagnostics;
using Aspire.Hosting;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// Whether PostgreSQL and Redis run as Aspire's containers or as local executables: <c>AppHost:ContainerRuntime</c> is
/// <c>auto</c> (the default: containers when a container engine answers) or <c>none</c>. A container CLI alone proves
/// nothing (a machine can have a <c>docker</c> client and no daemon), so <c>auto</c> asks the engine itself.
/// </summary>
public static class ContainerRuntime
{
    /// <summary>The configuration key.</summary>
    public const string Key = "AppHost:ContainerRuntime";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>True when the graph's servers should run as containers.</summary>
    /// <param name="builder">The AppHost's builder; when only Podman answers, Aspire is told to use it.</param>
    /// <exception cref="InvalidOperationException"><c>AppHost:ContainerRuntime</c> is neither <c>auto</c> nor <c>none</c>.</exception>
    public static bool UsesContainers(this IDistributedApplicationBuilder builder)
    {
        switch (builder.Configuration[Key]?.ToLowerInvariant())
        {
            case "none":
                return false;
            case null or "" or "auto":
                break;
            default:
                throw new InvalidOperationException($"{Key} must be 'auto' or 'none', not '{builder.Configuration[Key]}'.");
        }

        // Aspire uses Docker unless told otherwise; a Podman-only machine is told.
        var configured = builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? builder.Configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"];
        if (configured is { Length: > 0 })
        {
            return Answers(configured);
        }

        if (Answers("docker"))
        {
            return true;
        }

        if (Answers("podman"))
        {
            builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] = "podman";
            return true;
        }

        return false;
    }

    private static bool Answers(string engine)
    {
        if (ServerBinaries.Find(engine) is not { } cli)
        {
            return false;
        }

        using var process = Process.Start(new ProcessStartInfo(cli, ["info"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        if (process is null)
        {
            return false;
        }

        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ProbeTimeout))
        {
            process.Kill(entireProcessTree: true);
            return false;
        }

        return process.ExitCode == 0;
    }
}
