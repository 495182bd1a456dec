using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>
/// The registry's state changes as its event feed tells them (every change raises an event), plus the relay's
/// delivery log for the poll-mode service and the entity a route names. A service going offline (or removed) because
/// its lease ran out, and a redelivery because a claim's lease ran out, happen by themselves and are not counted.
/// </summary>
internal sealed class RegistryProbe(HttpClient registry, string pollServiceId, IReadOnlySet<string> volatileFields) : IStateProbe
{
    // What the lease sweep raises by itself while the run goes on: services whose lease ran out, and their removal.
    private static readonly HashSet<string> SweepEvents = new(StringComparer.Ordinal) { "service.offline", "service.removed" };

    private string? _events;
    private string _deliveries = "0";
    private string? _entityPath;
    private string? _entityBefore;

    public async Task MarkAsync(string? entityPath, CancellationToken ct)
    {
        _events ??= (await ReadAsync($"/api/v1/events", "events", ct)).Cursor;
        while (await ReadAsync($"/api/v1/events?after={_events}&limit=500", "events", ct) is { Items.Count: > 0 } page)
        {
            _events = page.Cursor;
        }

        while (await ReadAsync($"/api/v1/services/{pollServiceId}/deliveries?after={_deliveries}&limit=500", "deliveries", ct) is { Items.Count: > 0 } page)
        {
            _deliveries = page.Cursor;
        }

        _entityPath = entityPath;
        _entityBefore = entityPath is null ? null : await ListProbe.ReadAsync(registry, entityPath, volatileFields, null, ct);
    }

    public async Task<string?> ChangesAsync(CancellationToken ct)
    {
        var events = (await ReadAsync($"/api/v1/events?after={_events}&limit=500", "events", ct)).Items
            .Where(e => !SweepEvents.Contains(e.GetProperty("type").GetString()!))
            .Select(e => $"{e.GetProperty("type").GetString()} {e.GetProperty("event_key").GetString()}")
            .ToList();
        if (events.Count > 0)
        {
            return "events " + string.Join(", ", events.Take(5));
        }

        var deliveries = (await ReadAsync($"/api/v1/services/{pollServiceId}/deliveries?after={_deliveries}&limit=500", "deliveries", ct)).Items
            .Where(d => d.GetProperty("attempt").GetInt32() == 1)
            .ToList();
        if (deliveries.Count > 0)
        {
            return $"{deliveries.Count} new relay message(s), e.g. type {deliveries[0].GetProperty("type")}";
        }

        if (_entityPath is not null && await ListProbe.ReadAsync(registry, _entityPath, volatileFields, null, ct) is var entity && entity != _entityBefore)
        {
            return $"{_entityPath} was {_entityBefore}, is {entity}";
        }

        return null;
    }

    private async Task<(List<JsonElement> Items, string Cursor)> ReadAsync(string path, string list, CancellationToken ct)
    {
        var page = await registry.GetFromJsonAsync<JsonElement>(path, ct);
        return ([.. page.GetProperty(list).EnumerateArray()], page.GetProperty("next_cursor").GetString()!);
    }
}
