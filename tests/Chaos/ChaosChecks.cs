using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pulse.Chaos;

/// <summary>
/// The invariants a chaos run must end with, read from the stack itself: the registry's services, the consumers'
/// download clients, Pilot's grabs, Haul's torrents, the relay's messages and the event feed, and the statuses the
/// traffic saw.
/// </summary>
internal sealed class ChaosChecks(
    ChaosHttp registry, ChaosHttp haul, IReadOnlyList<ChaosHttp> consumers, Func<string> haulKey, string haulId,
    IReadOnlyList<string> expectedServices, EventFollower follower, HttpLedger ledger)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    // A message's final status does not change: it is read once.
    private readonly Dictionary<string, string> _finalMessages = [];

    public IReadOnlyDictionary<string, int> GrabStatuses { get; private set; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<string, int> MessageStatuses { get; private set; } = new Dictionary<string, int>();

    public async Task<IReadOnlyList<Invariant>> CheckAsync(
        IReadOnlyList<SentItem> grabs, IReadOnlyList<SentItem> messages, IReadOnlyList<string> recoveryProblems, CancellationToken ct)
    {
        var torrents = await HaulTorrentsAsync(ct);
        return
        [
            new("every resource ran again after each fault", recoveryProblems, Settles: false),
            new("every service online again", await ServicesOnlineAsync(ct)),
            new("each consumer holds Haul with its current key", await ConsumersHoldHaulAsync(ct)),
            new("every grab accepted by Pilot is in Haul exactly once, or failed and absent", await GrabsAgreeAsync(grabs, torrents, ct)),
            new("the event feed has no gap and no duplicate", await FeedIsWholeAsync(ct)),
            new("every relay message took effect exactly once", await MessagesTookEffectAsync(messages, torrents, ct)),
            new("no 5xx other than 503", ledger.ServerErrorLines(), Settles: false),
        ];
    }

    private async Task<IReadOnlyList<string>> ServicesOnlineAsync(CancellationToken ct)
    {
        var list = await registry.GetAsync("/api/v1/services", "/services", ReadTimeout, ct);
        if (!list.Is(200) || list.Json is not { } services)
        {
            return [$"the registry's service list did not answer (status {Show(list.Status)})"];
        }

        var statuses = services.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("status").GetString());
        return [.. expectedServices
            .Where(name => statuses.GetValueOrDefault(name) != "online")
            .Select(name => $"{name}: {statuses.GetValueOrDefault(name) ?? "not registered"}")];
    }

    public async Task<IReadOnlyList<string>> ConsumersHoldHaulAsync(CancellationToken ct)
    {
        var key = haulKey();
        var violations = new List<string>();
        foreach (var consumer in consumers)
        {
            var list = await consumer.GetAsync("/api/v1/download-clients?include=credentials", "/download-clients", ReadTimeout, ct);
            if (!list.Is(200) || list.Json is not { } clients)
            {
                violations.Add($"{consumer.Resource}: its download clients did not answer (status {Show(list.Status)})");
                continue;
            }

            var synced = clients.EnumerateArray()
                .Where(c => c.GetProperty("name").GetString() == PulseResources.Haul && c.GetProperty("source").GetString() == "pulse")
                .ToList();
            if (synced.Count != 1)
            {
                violations.Add($"{consumer.Resource}: {synced.Count} synced Haul entries");
                continue;
            }

            var entry = synced[0];
            var problems = new List<string>();
            if (!entry.TryGetProperty("api_key", out var entryKey) || entryKey.GetString() != key)
            {
                problems.Add("not Haul's current key");
            }

            if (entry.GetProperty("status").GetString() != "online")
            {
                problems.Add($"status {entry.GetProperty("status").GetString()}");
            }

            if (!entry.GetProperty("enabled").GetBoolean())
            {
                problems.Add("disabled");
            }

            if (problems.Count > 0)
            {
                violations.Add($"{consumer.Resource}: Haul entry {string.Join(", ", problems)}");
            }
        }

        return violations;
    }

    private async Task<IReadOnlyList<string>> GrabsAgreeAsync(IReadOnlyList<SentItem> grabs, IReadOnlyDictionary<string, int>? torrents, CancellationToken ct)
    {
        var pilot = consumers[0];
        var list = await pilot.GetAsync("/api/v1/grabs?limit=1000", "/grabs", ReadTimeout, ct);
        if (torrents is null || !list.Is(200) || list.Json is not { } stored)
        {
            return [$"Pilot's grabs (status {Show(list.Status)}) or Haul's torrents could not be read"];
        }

        var byUri = stored.EnumerateArray().ToLookup(g => g.GetProperty("uri").GetString()!);
        var violations = new List<string>();
        var statuses = new Dictionary<string, int>();
        foreach (var grab in grabs)
        {
            var records = byUri[grab.Uri].ToList();
            var inHaul = torrents.GetValueOrDefault(grab.InfoHash);
            var answer = $"answered {Show(grab.Status)}";
            if (records.Count == 0)
            {
                Count(statuses, "not stored");
                if (grab.Accepted)
                {
                    violations.Add($"grab #{grab.Number} ({grab.InfoHash[..12]}, {answer}) is not in Pilot's list");
                }
                else if (inHaul > 0)
                {
                    violations.Add($"grab #{grab.Number} ({grab.InfoHash[..12]}, {answer}) is unknown to Pilot but in Haul");
                }

                continue;
            }

            var record = records[0];
            var status = record.GetProperty("status").GetString()!;
            Count(statuses, status);
            var id = record.GetProperty("id").GetString();
            var reason = record.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var what = $"grab #{grab.Number} {id} ({grab.InfoHash[..12]}, {answer})";
            if (records.Count > 1)
            {
                violations.Add($"{what} is stored {records.Count} times by Pilot");
            }
            else if (status is "sent" or "completed" && inHaul != 1)
            {
                violations.Add($"{what} is {status} but in Haul {inHaul} times");
            }
            else if (status is "failed" && inHaul != 0)
            {
                violations.Add($"{what} is failed (\"{reason}\") but in Haul");
            }
            else if (status is not ("sent" or "completed" or "failed"))
            {
                violations.Add($"{what} is still {status} (in Haul {inHaul} times)");
            }
        }

        GrabStatuses = statuses;
        return violations;
    }

    private async Task<IReadOnlyList<string>> FeedIsWholeAsync(CancellationToken ct)
    {
        var violations = new List<string>();
        violations.AddRange(follower.Gone.Select(gone => $"the follower got {gone}"));
        violations.AddRange(follower.Gaps.Select(gap => $"gap: events {gap} never reached the follower"));
        violations.AddRange(follower.Duplicates.Select(id => $"event {id} reached the follower twice or out of order"));

        var stored = await EventFollower.ReadAllAsync(registry, ct);
        if (stored is null)
        {
            violations.Add("the stored feed could not be read");
            return violations;
        }

        var missed = stored.Where(id => !follower.Saw(id)).ToList();
        if (missed.Count > 0)
        {
            violations.Add($"{missed.Count} stored events never reached the follower (first {missed[0]}, follower at {follower.Last})");
        }

        return violations;
    }

    private async Task<IReadOnlyList<string>> MessagesTookEffectAsync(
        IReadOnlyList<SentItem> messages, IReadOnlyDictionary<string, int>? torrents, CancellationToken ct)
    {
        if (torrents is null)
        {
            return ["Haul's torrents could not be read"];
        }

        var violations = new List<string>();
        var statuses = new Dictionary<string, int>();
        foreach (var message in messages)
        {
            var inHaul = torrents.GetValueOrDefault(message.InfoHash);
            if (message.Id is not { } id)
            {
                Count(statuses, message.Status is null ? "not accepted (no answer)" : $"not accepted ({message.Status})");
                if (inHaul > 1)
                {
                    violations.Add($"message #{message.Number} ({message.InfoHash[..12]}, answered {Show(message.Status)}) is in Haul {inHaul} times");
                }

                continue;
            }

            if (!_finalMessages.TryGetValue(id, out var status))
            {
                var read = await registry.GetAsync($"/api/v1/services/{haulId}/messages/{id}", "/services/{id}/messages/{mid}", ReadTimeout, ct);
                status = read.Is(200) ? read.String("status") ?? "?" : $"unreadable ({Show(read.Status)})";
                if (status is "completed" or "failed")
                {
                    _finalMessages[id] = status;
                }
            }

            Count(statuses, status);
            var what = $"message #{message.Number} {id} ({message.InfoHash[..12]})";
            if (status == "completed" && inHaul != 1)
            {
                violations.Add($"{what} is completed but in Haul {inHaul} times");
            }
            else if (status == "failed" && inHaul != 0)
            {
                violations.Add($"{what} is failed but in Haul");
            }
            else if (status is not ("completed" or "failed"))
            {
                violations.Add($"{what} is still {status} (in Haul {inHaul} times)");
            }
        }

        MessageStatuses = statuses;
        return violations;
    }

    /// <summary>Haul's torrents, counted by info hash; null when Haul does not answer.</summary>
    private async Task<IReadOnlyDictionary<string, int>?> HaulTorrentsAsync(CancellationToken ct)
    {
        var list = await haul.GetAsync("/api/v1/torrents", "/torrents", ReadTimeout, ct);
        return list.Is(200) && list.Json is { } torrents
            ? torrents.EnumerateArray().GroupBy(t => t.GetProperty("info_hash").GetString()!).ToDictionary(g => g.Key, g => g.Count())
            : null;
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string Show(int? status) => status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}
