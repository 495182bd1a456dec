using System.Globalization;

namespace Pulse.Chaos;

/// <summary>
/// Follows the registry's event feed from its oldest event with long polls, and records every event id it is given:
/// an id that is not the one after the last is a gap, an id it already had a duplicate. A <c>410</c> makes it reset to
/// now, as a consumer does, and the events it skipped that way are a gap too.
/// </summary>
internal sealed class EventFollower(ChaosHttp registry, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly HashSet<long> _seen = [];
    private readonly List<string> _gaps = [];
    private readonly List<long> _duplicates = [];
    private readonly List<string> _gone = [];
    private long _last;

    public long Last { get { lock (_gate) { return _last; } } }

    public int Count { get { lock (_gate) { return _seen.Count; } } }

    public IReadOnlyList<string> Gaps { get { lock (_gate) { return [.. _gaps]; } } }

    public IReadOnlyList<long> Duplicates { get { lock (_gate) { return [.. _duplicates]; } } }

    public IReadOnlyList<string> Gone { get { lock (_gate) { return [.. _gone]; } } }

    public bool Saw(long id)
    {
        lock (_gate)
        {
            return _seen.Contains(id);
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var cursor = "0";
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var page = await registry.GetAsync($"/api/v1/events?after={cursor}&limit=500&wait=5s", "/events", TimeSpan.FromSeconds(30), stop);
                if (page.Is(200) && page.Json is { } json)
                {
                    foreach (var envelope in json.GetProperty("events").EnumerateArray())
                    {
                        Take(long.Parse(envelope.GetProperty("id").GetString()!, CultureInfo.InvariantCulture));
                    }

                    cursor = json.GetProperty("next_cursor").GetString()!;
                    continue;
                }

                if (page.Is(410))
                {
                    var now = await registry.GetAsync("/api/v1/events?limit=1", "/events", TimeSpan.FromSeconds(30), stop);
                    if (now.Is(200) && now.Json is { } head)
                    {
                        var index = long.Parse(head.GetProperty("next_cursor").GetString()!, CultureInfo.InvariantCulture);
                        lock (_gate)
                        {
                            _gone.Add($"410 at cursor {cursor}, reset to {index}");
                            if (index > _last + 1)
                            {
                                _gaps.Add($"{_last + 1}..{index} (skipped after the 410)");
                            }

                            _last = Math.Max(_last, index);
                        }

                        cursor = index.ToString(CultureInfo.InvariantCulture);
                    }

                    continue;
                }

                // No answer, or a 503: try again shortly (a pace, not a wait for a condition).
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Take(long id)
    {
        lock (_gate)
        {
            if (!_seen.Add(id) || id <= _last)
            {
                _duplicates.Add(id);
                return;
            }

            if (id != _last + 1)
            {
                _gaps.Add(id == _last + 2 ? $"{_last + 1}" : $"{_last + 1}..{id - 1}");
            }

            _last = id;
        }
    }

    /// <summary>The stored feed from its oldest retained event (paged), to compare with what was followed.</summary>
    public static async Task<IReadOnlyList<long>?> ReadAllAsync(ChaosHttp registry, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var cursor = "0";
        while (true)
        {
            var page = await registry.GetAsync($"/api/v1/events?after={cursor}&limit=500&wait=0s", "/events", TimeSpan.FromSeconds(30), cancellationToken);
            if (!page.Is(200) || page.Json is not { } json)
            {
                return null;
            }

            var events = json.GetProperty("events");
            if (events.GetArrayLength() == 0)
            {
                return ids;
            }

            ids.AddRange(events.EnumerateArray().Select(e => long.Parse(e.GetProperty("id").GetString()!, CultureInfo.InvariantCulture)));
            cursor = json.GetProperty("next_cursor").GetString()!;
        }
    }
}
