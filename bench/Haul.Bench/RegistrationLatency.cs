using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Client;

namespace Haul.Bench;

/// <summary>Time from "listening" to "registered" for a web host that uses <c>AddPulseRegistration</c>.</summary>
internal static class RegistrationLatency
{
    public static async Task<string> MeasureAsync(Uri registry, string registryKey, int runs, CancellationToken ct)
    {
        var samples = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            samples.Add(await OnceAsync(registry, registryKey, $"bench-{run}-{Guid.NewGuid():N}"[..24], ct));
        }

        samples.Sort();
        var median = samples[samples.Count / 2];
        var p95 = samples[(int)Math.Ceiling(samples.Count * 0.95) - 1];
        return string.Create(CultureInfo.InvariantCulture,
            $"registration latency (listening -> registered, {runs} fresh hosts): median {median:0.0} ms, p95 {p95:0.0} ms, " +
            $"min {samples[0]:0.0} ms, max {samples[^1]:0.0} ms; target median <= 50 ms: {(median <= 50 ? "met" : "NOT met")}");
    }

    /// <summary>
    /// Haul's own figure, from the timestamps of its console lines written after <paramref name="since"/> (Aspire
    /// prefixes each line it keeps with the time the line was written).
    /// </summary>
    public static async Task<string> FromConsoleAsync(
        Func<CancellationToken, Task<IReadOnlyList<string>>> read, DateTimeOffset since, CancellationToken ct)
    {
        for (var polls = 0; polls < 150; polls++)
        {
            var lines = (await read(ct)).Select(Timestamped).Where(l => l.Timestamp >= since).ToList();
            var started = lines.FirstOrDefault(l => l.Text.Contains("Application started", StringComparison.Ordinal));
            var registered = lines.FirstOrDefault(l => l.Text.Contains("Registered with Pulse", StringComparison.Ordinal));
            if (started.Text is not null && registered.Text is not null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{(registered.Timestamp - started.Timestamp).TotalMilliseconds:0.0} ms");
            }

            await Task.Delay(200, ct);
        }

        return "no 'Application started' / 'Registered with Pulse' lines within 30 s";
    }

    private static (DateTimeOffset Timestamp, string Text) Timestamped(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && DateTimeOffset.TryParse(line.AsSpan(0, space), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp)
            ? (timestamp, line[(space + 1)..])
            : (DateTimeOffset.MinValue, line);
    }

    private static async Task<double> OnceAsync(Uri registry, string registryKey, string name, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Pulse:Url"] = registry.ToString();
        builder.Configuration["Pulse:ApiKey"] = registryKey;
        builder.Services.AddHealthChecks();
        builder.AddPulseRegistration(options =>
        {
            options.ServiceName = name;
            options.ServiceType = "bench";
        });
        await using var app = builder.Build();

        var listening = 0L;
        var registered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Lifetime.ApplicationStarted.Register(() => listening = Stopwatch.GetTimestamp());
        app.Services.GetRequiredService<IPulseRegistration>().StateChanged += state =>
        {
            if (state.Status == RegistrationStatus.Registered)
            {
                registered.TrySetResult(Stopwatch.GetTimestamp());
            }
        };

        await app.StartAsync(ct);
        var done = await registered.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await app.StopAsync(ct);
        return Stopwatch.GetElapsedTime(listening, done).TotalMilliseconds;
    }
}
