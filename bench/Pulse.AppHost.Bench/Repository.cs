namespace Pulse.AppHost.Bench;

/// <summary>The repository the bench was built in, and the configuration it (and so the AppHost) was built in.</summary>
internal sealed record Repository(string Root, string Configuration)
{
    public static Repository OfThisBench()
    {
        // <root>/bench/Pulse.AppHost.Bench/bin/<configuration>/<framework>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        return new Repository(output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, output.Parent.Name);
    }

    public string Project(string name) => Path.Combine(Root, name);

    /// <summary>The project's built executable: what <c>dotnet run</c> itself starts.</summary>
    public string Executable(string project) => Path.Combine(Root, project, "bin", Configuration, "net10.0", project);
}
