namespace Pulse.Hosting.Dashboard.Telemetry;

/// <summary>The latest value of each metric of each service; at most <c>capacity</c> series, new ones beyond it dropped.</summary>
internal sealed class MetricStore(int capacity = 5_000)
{
    private readonly Dictionary<(string Service, string Name), MetricSeries> _series = [];
    private readonly Lock _gate = new();

    public void Add(IReadOnlyList<MetricSeries> series)
    {
        lock (_gate)
        {
            foreach (var item in series)
            {
                var key = (item.Service, item.Name);
                if (_series.ContainsKey(key) || _series.Count < capacity)
                {
                    _series[key] = item;
                }
            }
        }
    }

    public IReadOnlyList<MetricSeries> List(string? service)
    {
        lock (_gate)
        {
            return [.. _series.Values
                .Where(item => service is null || string.Equals(item.Service, service, StringComparison.OrdinalIgnoreCase))
                .OrderBy(item => item.Service, StringComparer.Ordinal)
                .ThenBy(item => item.Name, StringComparer.Ordinal)];
        }
    }
}
