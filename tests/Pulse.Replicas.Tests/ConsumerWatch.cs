using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.Replicas.Tests;

/// <summary>
/// Reads a consumer's download clients (Pilot's or Prism's <c>GET /api/v1/download-clients</c>, synced from the
/// registry) over and over until disposed, and counts every read in which one sample's entry (Haul's) differs from the
/// first read: gone, another entry under its name, or another status. Entries of other tests' services are left out:
/// they come and go on their own.
/// </summary>
internal sealed class ConsumerWatch : BackgroundLoop
{
    private readonly HttpClient _consumer;
    private readonly string _entry;
    private int _reads;

    private ConsumerWatch(HttpClient consumer, string entry, string expected)
    {
        _consumer = consumer;
        _entry = entry;
        Expected = expected;
        Start();
    }

    /// <summary>The entry as read at the start: <c>id: name (status)</c>.</summary>
    public string Expected { get; }

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Every read that differed from <see cref="Expected"/>, or got no answer.</summary>
    public List<string> Differences { get; } = [];

    /// <summary>Starts watching once the consumer lists <paramref name="entry"/> online (it syncs some seconds after the graph starts).</summary>
    public static async Task<ConsumerWatch> StartAsync(HttpClient consumer, string entry, CancellationToken cancellationToken)
    {
        var expected = await Eventually.ReturnsAsync(() => ReadAsync(consumer, entry, cancellationToken),
            found => found.EndsWith($": {entry} (online)", StringComparison.Ordinal), cancellationToken, what: $"The consumer to list {entry} online");
        return new ConsumerWatch(consumer, entry, expected);
    }


    protected override async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(stopping))
        {
            string list;
            try
            {
                list = await ReadAsync(_consumer, _entry, stopping);
            }
            catch (HttpRequestException exception)
            {
                list = "no answer: " + exception.Message;
            }

            Interlocked.Increment(ref _reads);
            if (list != Expected)
            {
                lock (Differences)
                {
                    Differences.Add(list);
                }
            }
        }
    }

    private static async Task<string> ReadAsync(HttpClient consumer, string entry, CancellationToken cancellationToken)
    {
        var entries = await consumer.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", cancellationToken);
        return string.Join(", ", entries!
            .Where(e => e.GetProperty("name").GetString() == entry)
            .Select(e => $"{e.GetProperty("id").GetString()}: {entry} ({e.GetProperty("status").GetString()})"));
    }
}
