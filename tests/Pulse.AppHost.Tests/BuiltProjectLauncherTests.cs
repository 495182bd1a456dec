using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pulse.AppHost.Tests;

/// <summary>
/// The <c>dotnet</c> that the AppHost puts first on its orchestrator's PATH: Aspire's <c>dotnet run</c> of a built
/// project starts that project's program, anything else the real <c>dotnet</c>, and neither sees the launcher on PATH.
/// </summary>
public sealed class BuiltProjectLauncherTests : IDisposable
{
    private const string Configuration = "Release";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pulse-launcher-test-");
    private readonly string _launcherFolder;
    private readonly string _sdk;
    private readonly string _project;
    private readonly string _program;

    public BuiltProjectLauncherTests()
    {
        // Quotes and spaces in every path, as a person's checkout may have.
        var root = Directory.CreateDirectory(Path.Combine(_root.FullName, "it's a folder")).FullName;
        _launcherFolder = Directory.CreateDirectory(Path.Combine(root, "launcher")).FullName;
        _sdk = Directory.CreateDirectory(Path.Combine(root, "sdk")).FullName;
        _project = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "My App")).FullName, "My App.csproj");
        var output = Directory.CreateDirectory(Path.Combine(root, "My App", "bin", Configuration, "net10.0")).FullName;
        _program = Path.Combine(output, "My App.dll");

        WriteScript(Path.Combine(_sdk, "dotnet"), """echo "dotnet $*|PATH=$PATH" """);
        File.WriteAllText(_program, "");
        WriteScript(Path.Combine(output, "My App"), """echo "program $*|root=$DOTNET_ROOT_ARCH|PATH=$PATH" """
            .Replace("ARCH", Architecture, StringComparison.Ordinal));
        WriteScript(
            Path.Combine(_launcherFolder, "dotnet"),
            BuiltProjectStart.Script(_launcherFolder, Path.Combine(_sdk, "dotnet"), Configuration, new Dictionary<string, string> { [_project] = _program }));
    }

    private static string Architecture => RuntimeInformation.ProcessArchitecture.ToString().ToUpperInvariant();

    [Fact]
    public async Task AspiresRunOfABuiltProjectStartsItsProgramWithTheDotnetRootThatDotnetRunSets()
    {
        Assert.Equal($"program |root={_sdk}|PATH=/usr/bin:/bin", await LaunchAsync(AspiresRun(_project, Configuration)));
    }

    [Fact]
    public async Task AProjectBuiltWithoutItsOwnExecutableRunsThroughDotnetExec()
    {
        File.Delete(Path.ChangeExtension(_program, null));
        Assert.Equal($"dotnet exec {_program}|PATH=/usr/bin:/bin", await LaunchAsync(AspiresRun(_project, Configuration)));
    }

    public static TheoryData<string, string[]> OtherCommands => new()
    {
        { "another configuration", ["run", "--project", "{project}", "--no-build", "--configuration", "Debug", "--no-launch-profile"] },
        { "arguments for the program", ["run", "--project", "{project}", "--no-build", "--configuration", Configuration, "--no-launch-profile", "--verbose"] },
        { "a run that builds", ["run", "--project", "{project}", "--configuration", Configuration, "--no-launch-profile", "--x"] },
        { "a launch profile", ["run", "--project", "{project}", "--no-build", "--configuration", Configuration, "--launch-profile", "http"] },
        { "dotnet watch", ["watch", "--non-interactive", "--no-hot-reload", "--project", "{project}", "--configuration", Configuration] },
        { "a project the AppHost was not built with", ["run", "--project", "/elsewhere/Other.csproj", "--no-build", "--configuration", Configuration, "--no-launch-profile"] },
        { "another command", ["exec", "{project}"] },
    };

    [Theory]
    [MemberData(nameof(OtherCommands))]
    public async Task AnyOtherCommandGoesToTheRealDotnetUnchanged(string what, string[] arguments)
    {
        var command = arguments.Select(argument => argument.Replace("{project}", _project, StringComparison.Ordinal)).ToArray();
        Assert.True(
            $"dotnet {string.Join(' ', command)}|PATH=/usr/bin:/bin" == await LaunchAsync(command),
            $"{what}: not passed to the real dotnet unchanged");
    }

    [Fact]
    public async Task AProjectNotBuiltGoesToTheRealDotnet()
    {
        File.Delete(_program);
        var command = AspiresRun(_project, Configuration);
        Assert.Equal($"dotnet {string.Join(' ', command)}|PATH=/usr/bin:/bin", await LaunchAsync(command));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static string[] AspiresRun(string project, string configuration) =>
        ["run", "--project", project, "--no-build", "--configuration", configuration, "--no-launch-profile"];

    private async Task<string> LaunchAsync(string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_launcherFolder, "dotnet")) { RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{_launcherFolder}:/usr/bin:/bin";
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return output.TrimEnd('\n');
    }

    private static void WriteScript(string path, string body)
    {
        File.WriteAllText(path, body.StartsWith("#!", StringComparison.Ordinal) ? body : "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
