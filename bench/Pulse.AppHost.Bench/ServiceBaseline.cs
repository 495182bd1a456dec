using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Bench;

/// <summary>
/// The same-run baseline: Haul alone, its database already up, from its launch until <c>/health</c> answers
/// <c>200</c>, started as Aspire starts each project (<c>dotnet run --no-build</c>), or as its built executable.
/// Then stopped with SIGTERM.
/// </summary>
internal sealed class ServiceBaseline(Repository repository, BaselineDatabase database)
{
    private const string Project = "Haul.Sample";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public Task<TimeSpan> DotnetRunAsync() =>
        TimeAsync("dotnet", ["run", "--no-build", "--project", repository.Project(Project), "-c", repository.Configuration]);

    public Task<TimeSpan> ExecutableAsync() => TimeAsync(repository.Executable(Project), []);

    private async Task<TimeSpan> TimeAsync(string fileName, string[] arguments)
    {
        var port = Ports.Free();
        var dataDir = Directory.CreateDirectory(Path.Combine("/tmp", "pulse-bench-haul-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            [$"ConnectionStrings__{PulseResources.HaulDatabase}"] = database.ConnectionString("postgres"),
            ["Haul__DataDir"] = dataDir,
            ["Pulse__Url"] = "", // alone: no registry to register with
        };
        try
        {
            using var process = ChildProcess.Start(fileName, arguments, environment, repository.Root);
            var healthy = await Health.WaitAllAsync(process, new Dictionary<string, Uri> { [Project] = new($"http://127.0.0.1:{port}/health") }, Deadline);
            process.Terminate();
            await process.WaitForExitAsync(Deadline);
            return healthy[Project];
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
