namespace Pulse.Hosting;

/// <summary>The host's command-line switches that are not <c>--key=value</c> pairs.</summary>
internal static class CommandLine
{
    public static string[] Normalize(string[] args) =>
        args.Select(argument => argument == "--fresh" ? $"--{AppHostOptions.Section}:Fresh=true" : argument).ToArray();
}
