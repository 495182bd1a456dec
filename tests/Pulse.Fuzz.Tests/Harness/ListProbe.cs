using System.Text.Json.Nodes;
using Pulse.Fuzz.Tests.Json;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>
/// State as a few list reads (and the entity a route names), compared before and after a rejected request, with the
/// fields that move by themselves (timestamps, progress, liveness) left out.
/// </summary>
internal sealed class ListProbe(HttpClient client, IReadOnlyList<ListProbe.Source> sources) : IStateProbe
{
    /// <summary>A list to read; <paramref name="Keep"/> says which items count (null: all), <paramref name="Volatile"/> which fields to ignore.</summary>
    public sealed record Source(string Path, IReadOnlySet<string> Volatile, Func<JsonNode, bool>? Keep = null);

    private readonly List<string> _before = [];
    private string? _entityPath;
    private string? _entityBefore;

    public async Task MarkAsync(string? entityPath, CancellationToken ct)
    {
        _before.Clear();
        foreach (var source in sources)
        {
            _before.Add(await ReadAsync(client, source.Path, source.Volatile, source.Keep, ct));
        }

        _entityPath = entityPath;
        _entityBefore = entityPath is null ? null : await ReadAsync(client, entityPath, sources[0].Volatile, null, ct);
    }

    public async Task<string?> ChangesAsync(CancellationToken ct)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            var after = await ReadAsync(client, sources[i].Path, sources[i].Volatile, sources[i].Keep, ct);
            if (after != _before[i])
            {
                return $"{sources[i].Path}: {Difference(_before[i], after)}";
            }
        }

        if (_entityPath is not null && await ReadAsync(client, _entityPath, sources[0].Volatile, null, ct) is var entity && entity != _entityBefore)
        {
            return $"{_entityPath}: {Difference(_entityBefore!, entity)}";
        }

        return null;
    }

    /// <summary>A list or entity as canonical text: volatile fields removed, or the status code when it is not 2xx.</summary>
    public static async Task<string> ReadAsync(HttpClient client, string path, IReadOnlySet<string> volatileFields, Func<JsonNode, bool>? keep, CancellationToken ct)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            return $"{(int)response.StatusCode}";
        }

        var node = JsonNode.Parse(text);
        if (node is JsonArray array && keep is not null)
        {
            foreach (var item in array.Where(i => i is null || !keep(i)).ToList())
            {
                array.Remove(item);
            }
        }

        Strip(node, volatileFields);
        return node?.ToJsonString() ?? "null";
    }

    private static void Strip(JsonNode? node, IReadOnlySet<string> volatileFields)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).Where(volatileFields.Contains).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (_, value) in obj)
                {
                    Strip(value, volatileFields);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item, volatileFields);
                }

                break;
        }
    }

    private static string Difference(string before, string after)
    {
        var at = 0;
        while (at < before.Length && at < after.Length && before[at] == after[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 40);
        return $"before …{Display.Of(before[from..Math.Min(before.Length, at + 80)], 130)}… after …{Display.Of(after[from..Math.Min(after.Length, at + 80)], 130)}…";
    }
}
