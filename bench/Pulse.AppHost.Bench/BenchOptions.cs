using System.Globalization;

namespace Pulse.AppHost.Bench;

/// <summary>The bench's command line: <c>--runs N</c>, and a variant of the AppHost's launch to measure against it as is.</summary>
internal sealed record BenchOptions(int Runs, AppHostVariant Variant)
{
    public const string Usage = "Use --runs N, --arg <AppHost argument>, --env NAME=VALUE, --exe.";

    /// <summary>The options, or null (with <paramref name="error"/>) when an argument is not understood.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        var runs = 5;
        var arguments = new List<string>();
        var environment = new Dictionary<string, string>();
        var builtExecutable = false;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out runs) && runs > 0:
                    i++;
                    break;
                case "--arg" when value is not null:
                    arguments.Add(value);
                    i++;
                    break;
                case "--env" when value?.Split('=', 2) is [{ Length: > 0 } name, var setting]:
                    environment[name] = setting;
                    i++;
                    break;
                case "--exe":
                    builtExecutable = true;
                    break;
                default:
                    error = $"Not understood: '{args[i]}'. {Usage}";
                    return null;
            }
        }

        return new BenchOptions(runs, new AppHostVariant(arguments, environment, builtExecutable));
    }
}
