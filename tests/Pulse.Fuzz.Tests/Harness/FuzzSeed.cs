using System.Globalization;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>
/// The one seed behind every generated case: <c>PULSE_FUZZ_SEED</c> when set, else a fixed default, so a run makes the
/// same cases as the last one. Each route draws from its own generator, so adding a route does not reshuffle the others.
/// </summary>
internal static class FuzzSeed
{
    public const string Variable = "PULSE_FUZZ_SEED";
    public const int Default = 15;

    public static int Value { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Default;

    public static Random For(string route) => new(unchecked(Value * 16777619 ^ StableHash(route)));

    // string.GetHashCode changes from run to run; FNV-1a does not.
    private static int StableHash(string text)
    {
        var hash = 2166136261;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return unchecked((int)hash);
    }
}
