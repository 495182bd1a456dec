namespace Pulse.AppHost.Bench;

/// <summary>
/// How the bench launches the AppHost, beyond the defaults: more arguments and environment variables, or its built
/// executable instead of <c>dotnet run</c> (which then applies no launch profile). For measuring what a change to
/// the start would save (<c>--arg</c>, <c>--env NAME=VALUE</c>, <c>--exe</c>): the bench then runs the AppHost as is
/// and the variant in alternation.
/// </summary>
internal sealed record AppHostVariant(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, bool BuiltExecutable)
{
    public static AppHostVariant Default { get; } = new([], new Dictionary<string, string>(), BuiltExecutable: false);

    public bool IsDefault => Arguments.Count == 0 && Environment.Count == 0 && !BuiltExecutable;

    public override string ToString() =>
        IsDefault
            ? "dotnet run --no-build, as is"
            : string.Join(' ', (BuiltExecutable ? ["built executable"] : new List<string> { "dotnet run --no-build" })
                .Concat(Arguments).Concat(Environment.Select(e => $"{e.Key}={e.Value}")));
}
