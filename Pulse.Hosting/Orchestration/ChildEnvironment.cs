namespace Pulse.Hosting.Orchestration;

/// <summary>
/// The environment a child starts with: the host's own, less whatever belongs to the contract the host sets
/// itself (so a variable of the host's shell cannot leak into a service), plus the resource's variables.
/// </summary>
internal static class ChildEnvironment
{
    private static readonly string[] ContractPrefixes =
        ["ConnectionStrings__", "services__", "OTEL_", "Parameters__", "ASPNETCORE_", "AppHost__"];

    public static void Apply(IDictionary<string, string?> environment, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var key in environment.Keys.Where(IsContractVariable).ToList())
        {
            environment.Remove(key);
        }

        foreach (var (key, value) in variables)
        {
            environment[key] = value;
        }
    }

    private static bool IsContractVariable(string key) =>
        ContractPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
