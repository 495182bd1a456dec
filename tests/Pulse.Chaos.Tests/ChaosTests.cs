namespace Pulse.Chaos.Tests;

/// <summary>
/// The short chaos run: 90 s of random freezes and kills of PostgreSQL, Redis, the registry, Haul and Pilot under
/// steady traffic, then every invariant of the long run (bench/Pulse.Chaos) must hold. The seed is fixed, so a failure
/// is reproduced by the same test, or by the bench with the printed seed. Its plan (bench/Pulse.Chaos --seed 11 --plan 6)
/// reaches every resource and both kinds of fault: it freezes the registry, Redis and Haul, and kills Pilot, PostgreSQL
/// and the registry.
/// </summary>
public sealed class ChaosTests
{
    private const int Seed = 11;

    [Fact]
    public async Task EveryInvariantHoldsAfterNinetySecondsOfFreezesAndKills()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var options = new ChaosOptions
        {
            Duration = TimeSpan.FromSeconds(90),
            Seed = Seed,
            SettleTimeout = TimeSpan.FromMinutes(3),
            GrabInterval = TimeSpan.FromSeconds(2),
            MessageInterval = TimeSpan.FromSeconds(3),
        };
        var setup = ChaosSetup.Create();
        await using var graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            ApiKey = setup.PulseKey,
            Args = ChaosSetup.Args(options),
            Environment = setup.Environment(options),
        }, ct);

        var started = TimeProvider.System.GetTimestamp();
        var report = await new ChaosRun(graph, setup, options,
            line => output.WriteLine($"[{TimeProvider.System.GetElapsedTime(started):mm\\:ss}] {line}")).RunAsync(ct);

        var summary = report.Summary();
        output.WriteLine(summary);
        Assert.True(report.AllHold, summary);
    }
}
