using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net;
using OpenTelemetry.Trace;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>What the registry's traces hold: the work, not the routine heartbeats.</summary>
public sealed class TracingTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task HeartbeatsAndLongPollsAreLeftOutOfTracesWhileOtherRequestsAreTraced()
    {
        var exported = new ExportedSpans();
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct,
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName()), _ct);

        using (var heartbeat = await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        }

        // A plain list, then a blocking read of the same route that waits out its 100 ms.
        using (var list = await client.GetAsync("/api/v1/download-clients", _ct))
        using (var blocking = await client.GetAsync(
            $"/api/v1/download-clients?index={list.Headers.GetValues("X-Pulse-Index").Single()}&wait=100ms", _ct))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal(HttpStatusCode.OK, blocking.StatusCode);
        }

        using (var get = await client.GetAsync($"/api/v1/services/{id}", _ct))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }

        // The GET was sent after the others were answered: once its span is exported, theirs would be too.
        await Eventually.HoldsAsync(() => exported.Paths().Contains($"/api/v1/services/{id}"));
        var paths = exported.Paths();
        Assert.Contains("/api/v1/services/register", paths);
        Assert.Single(paths, path => path == "/api/v1/download-clients");
        Assert.DoesNotContain($"/api/v1/services/{id}/heartbeat", paths);
    }

    /// <summary>The exporter adds from the server's threads while the test reads.</summary>
    private sealed class ExportedSpans : Collection<Activity>
    {
        public List<string?> Paths()
        {
            lock (Items)
            {
                return [.. Items.Select(span => span.GetTagItem("url.path") as string)];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (Items)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
