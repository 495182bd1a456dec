using Pulse.ServiceDefaults;

namespace Pulse.Chaos;

/// <summary>
/// A chaos run on a started graph: steady traffic (services heartbeating, an event-feed follower, grabs through Pilot,
/// messages to Haul through the relay), faults from the seed's plan for the run's duration, a bounded settle, and the
/// invariants checked at the end. Shared by bench/Pulse.Chaos and the test suite's short run.
/// </summary>
internal sealed class ChaosRun(PulseGraph graph, ChaosSetup setup, ChaosOptions options, Action<string> log)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CheckPace = TimeSpan.FromSeconds(3);

    public async Task<ChaosReport> RunAsync(CancellationToken ct)
    {
        var time = TimeProvider.System;
        var ledger = new HttpLedger(time);
        var runId = Guid.NewGuid().ToString("N")[..12];
        using var registry = new ChaosHttp(PulseResources.Registry, graph.Endpoint(PulseResources.Registry), setup.PulseKey, ledger);
        using var pilot = new ChaosHttp(PulseResources.Pilot, graph.Endpoint(PulseResources.Pilot), setup.PilotKey, ledger);
        using var prism = new ChaosHttp(PulseResources.Prism, graph.Endpoint(PulseResources.Prism), setup.PrismKey, ledger);
        using var haul = new ChaosHttp(PulseResources.Haul, graph.Endpoint(PulseResources.Haul), HaulKey(), ledger);

        log("waiting until Haul is registered and both consumers hold it");
        var haulId = await UntilAsync(async () =>
        {
            var list = await registry.GetAsync("/api/v1/services", "/services", TimeSpan.FromSeconds(30), ct);
            return list.Is(200) && list.Json is { } all
                ? all.EnumerateArray().Where(s => s.GetProperty("name").GetString() == PulseResources.Haul)
                    .Select(s => s.GetProperty("id").GetString()).FirstOrDefault()
                : null;
        }, "Haul to register", ct);

        var services = new SyntheticServices(registry, options.SyntheticServices, options.HeartbeatInterval, time);
        var follower = new EventFollower(registry, time);
        var checks = new ChaosChecks(registry, haul, [pilot, prism], HaulKey, haulId,
            [PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism, .. services.Names], follower, ledger);
        await UntilAsync(async () => (await checks.ConsumersHoldHaulAsync(ct)).Count == 0 ? "" : null, "Pilot and Prism to hold Haul", ct);

        using var trafficStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sendStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var grabs = new Sender(runId, "grab", options.GrabInterval, maxInFlight: 8, options.MaxGrabs, time);
        var messages = new Sender(runId, "message", options.MessageInterval, maxInFlight: 4, maxItems: int.MaxValue, time);
        Task[] traffic = [services.RunAsync(trafficStop.Token), follower.RunAsync(trafficStop.Token)];
        Task[] senders =
        [
            grabs.RunAsync((n, _, uri, c) => pilot.SendAsync(HttpMethod.Post, "/api/v1/grabs", "/grabs",
                new { title = $"Chaos.Run.S01E{n:0000}", uri, category = "tv" }, TimeSpan.FromSeconds(40), c), a => a.String("id"), sendStop.Token),
            options.Relayed ? messages.RunAsync((n, _, uri, c) => registry.SendAsync(HttpMethod.Post, $"/api/v1/services/{haulId}/messages", "/services/{id}/messages",
                new { type = "torrent.add", key = $"chaos-{runId}-{n}", payload = new { uri, category = "chaos" } }, TimeSpan.FromSeconds(30), c),
                a => a.String("message_id"), sendStop.Token) : Task.CompletedTask,
        ];

        log($"traffic running (Haul in {options.HaulDeliveryMode} mode); injecting faults for {options.Duration.TotalMinutes:0.##} min from seed {options.Seed}");
        var injector = new FaultInjector(graph, options.Seed, log, time, ledger);
        var chaosStarted = time.GetTimestamp();
        await injector.RunAsync(options.Duration, ct);
        var chaosTook = time.GetElapsedTime(chaosStarted);
        log("faults over; making sure every resource runs again");
        var recovery = new List<string>(injector.Injected.Where(f => f.Outcome.StartsWith("did not", StringComparison.Ordinal))
            .Select(f => $"fault {f.Fault}: {f.Outcome}"));
        recovery.AddRange(await injector.EnsureAllRunningAsync(ct));

        await sendStop.CancelAsync();
        await Task.WhenAll(senders);
        log($"senders stopped ({grabs.Sent.Count} grabs, {messages.Sent.Count} messages); settling for up to {options.SettleTimeout.TotalMinutes:0.#} min");

        var settleStarted = time.GetTimestamp();
        var lastNote = settleStarted;
        IReadOnlyList<Invariant> invariants;
        while (true)
        {
            invariants = await checks.CheckAsync(grabs.Sent, messages.Sent, recovery, ct);
            if (invariants.All(i => i.Holds || !i.Settles) || time.GetElapsedTime(settleStarted) > options.SettleTimeout)
            {
                break;
            }

            if (time.GetElapsedTime(lastNote) > TimeSpan.FromSeconds(30))
            {
                lastNote = time.GetTimestamp();
                log("still settling: " + string.Join("; ", invariants.Where(i => !i.Holds && i.Settles)
                    .Select(i => $"{i.Name} ({i.Violations.Count}, e.g. {i.Violations[0]})")));
            }

            // Pending grabs and messages resolve, services heartbeat again, the follower catches up: check again.
            await Task.Delay(CheckPace, time, ct);
        }

        var settleTook = time.GetElapsedTime(settleStarted);
        await trafficStop.CancelAsync();
        await Task.WhenAll(traffic);

        return new ChaosReport(options, chaosTook, settleTook, injector.Injected, grabs.Sent, checks.GrabStatuses,
            messages.Sent, checks.MessageStatuses, follower.Count, follower.Last, follower.Gone.Count, ledger.Lines().ToList(), invariants);
    }

    private string HaulKey() => File.ReadAllText(Path.Combine(graph.DataDirOf(PulseResources.Haul), "api-key")).Trim();

    /// <summary>Polls <paramref name="probe"/> until it gives a value, within a bounded time.</summary>
    private static async Task<string> UntilAsync(Func<Task<string?>> probe, string what, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (TimeProvider.System.GetElapsedTime(started) > ReadyTimeout)
            {
                throw new TimeoutException($"Waited {ReadyTimeout.TotalMinutes} min for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }
}
