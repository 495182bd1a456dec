using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Haul.Sample.Tests;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>Grabs from Pilot to Haul in poll mode, through the registry's relay, on the whole graph.</summary>
[Collection(RelayStackCollection.Name)]
public sealed class RelayGraphTests(RelayStackFixture stack)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AGrabToAPollModeHaulIsQueuedThroughTheRelayAndCompletesWithTheInfoHash()
    {
        using var pilot = stack.Pilot();
        await WaitForPollModeHaulAsync(pilot, online: true);
        var infoHash = ConsumerApi.NewInfoHash();

        using var answer = await ConsumerApi.GrabAsync(pilot, infoHash, _ct);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var grab = await answer.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("queued", grab.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(grab.GetProperty("message_id").GetString()));
        var done = await WaitForGrabAsync(pilot, grab.GetProperty("id").GetString()!, "completed");
        Assert.Equal(infoHash, done.GetProperty("info_hash").GetString());
        Assert.Equal(PulseResources.Haul, done.GetProperty("download_client").GetString());
        using var haul = stack.Haul();
        using var torrent = await haul.GetAsync($"/api/v1/torrents/{infoHash}", _ct);
        Assert.Equal(HttpStatusCode.OK, torrent.StatusCode);

        // Haul added it under the message's key, the grab's id, as it would a direct send.
        var keyed = await haul.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/by-idempotency-key/{grab.GetProperty("id").GetString()}", _ct);
        Assert.Equal(infoHash, keyed.GetProperty("info_hash").GetString());
    }

    [Fact]
    public async Task WhileHaulIsStoppedGrabsWaitAndOnceItIsBackEachIsDeliveredInOrderAndTakesEffectOnce()
    {
        using var pilot = stack.Pilot();
        using var registry = stack.Registry();
        await WaitForPollModeHaulAsync(pilot, online: true);
        var haulId = await stack.ServiceIdAsync(PulseResources.Haul, _ct);

        var hashes = Enumerable.Range(0, 3).Select(_ => ConsumerApi.NewInfoHash()).ToList();
        var grabs = new List<JsonElement>();
        await stack.Graph.StopResourceAsync(PulseResources.Haul, _ct);
        try
        {
            await WaitForPollModeHaulAsync(pilot, online: false);
            foreach (var hash in hashes)
            {
                using var answer = await ConsumerApi.GrabAsync(pilot, hash, _ct);
                Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
                grabs.Add(await answer.Content.ReadFromJsonAsync<JsonElement>(_ct));
            }

            Assert.All(grabs, g => Assert.Equal("queued", g.GetProperty("status").GetString()));

            // The same key (the first grab's id) again, before completion: one message, its payload unchanged.
            using var again = await registry.PostAsJsonAsync($"/api/v1/services/{haulId}/messages", new JsonObject
            {
                ["type"] = "torrent.add",
                ["key"] = grabs[0].GetProperty("id").GetString(),
                ["payload"] = new JsonObject { ["uri"] = $"magnet:?xt=urn:btih:{ConsumerApi.NewInfoHash()}" },
            }, _ct);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(grabs[0].GetProperty("message_id").GetString(),
                (await again.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("message_id").GetString());

            // Nobody can claim while Haul is stopped: the registry holds the message pending, and the grab stays queued.
            var waiting = await registry.GetFromJsonAsync<JsonElement>(
                $"/api/v1/services/{haulId}/messages/{grabs[2].GetProperty("message_id").GetString()}", _ct);
            Assert.Equal("pending", waiting.GetProperty("status").GetString());
            var stillQueued = await GrabAsync(pilot, grabs[2].GetProperty("id").GetString()!);
            Assert.Equal("queued", stillQueued.GetProperty("status").GetString());
        }
        finally
        {
            await stack.Graph.StartResourceAsync(PulseResources.Haul, CancellationToken.None);
        }

        foreach (var (grab, hash) in grabs.Zip(hashes))
        {
            var done = await WaitForGrabAsync(pilot, grab.GetProperty("id").GetString()!, "completed");
            Assert.Equal(hash, done.GetProperty("info_hash").GetString());
        }

        using var haul = stack.Haul();
        var torrents = (await haul.GetFromJsonAsync<JsonElement[]>("/api/v1/torrents", _ct))!;
        var added = torrents.Where(t => hashes.Contains(t.GetProperty("info_hash").GetString()!))
            .OrderBy(t => t.GetProperty("added_at").GetDateTimeOffset())
            .Select(t => t.GetProperty("info_hash").GetString()!)
            .ToList();
        Assert.Equal(hashes, added); // each once, in the order of the grabs
    }

    [Fact]
    public async Task AClaimerThatDiesLosesTheMessageAfterItsLeaseHaulCompletesItAndTheLateCompleteIsConflict()
    {
        using var pilot = stack.Pilot();
        using var registry = stack.Registry();
        await WaitForPollModeHaulAsync(pilot, online: true);
        var haulId = await stack.ServiceIdAsync(PulseResources.Haul, _ct);
        var infoHash = ConsumerApi.NewInfoHash();
        JsonElement grab;
        long deadEpoch;
        await stack.Graph.StopResourceAsync(PulseResources.Haul, _ct);
        try
        {
            using var answer = await ConsumerApi.GrabAsync(pilot, infoHash, _ct);
            grab = await answer.Content.ReadFromJsonAsync<JsonElement>(_ct);

            // This test is the claimer that dies: it claims and never calls again.
            using var claim = await registry.PostAsync(MessagePath(haulId, grab, "claim"), null, _ct);
            Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
            deadEpoch = (await claim.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("epoch").GetInt64();
        }
        finally
        {
            await stack.Graph.StartResourceAsync(PulseResources.Haul, CancellationToken.None);
        }

        var done = await WaitForGrabAsync(pilot, grab.GetProperty("id").GetString()!, "completed");
        Assert.Equal(infoHash, done.GetProperty("info_hash").GetString());

        using var late = await registry.PostAsJsonAsync(MessagePath(haulId, grab, "complete"),
            new JsonObject { ["epoch"] = deadEpoch, ["result"] = new JsonObject() }, _ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var message = (await registry.GetFromJsonAsync<JsonElement>(MessagePath(haulId, grab, ""), _ct))!;
        Assert.Equal(2, message.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task HaulStoppedWhileHoldingAClaimGetsTheMessageAgainAfterTheLeaseAndTheOldEpochIsConflict()
    {
        using var pilot = stack.Pilot();
        using var registry = stack.Registry();
        await WaitForPollModeHaulAsync(pilot, online: true);
        var haulId = await stack.ServiceIdAsync(PulseResources.Haul, _ct);
        var infoHash = ConsumerApi.NewInfoHash();

        // A .torrent server whose first answer never comes (Haul holds the claim while it waits), and whose second
        // redirects to the magnet link.
        using var server = new TcpListener(IPAddress.Parse(TorrentServer.Address), 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var firstAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = Task.Run(async () =>
        {
            using var first = await server.AcceptTcpClientAsync(_ct);
            firstAsked.TrySetResult();
            using var second = await server.AcceptTcpClientAsync(_ct);
            var stream = second.GetStream();
            using var request = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            while (await request.ReadLineAsync(_ct) is { Length: > 0 })
            {
                // The request's lines, up to the blank one that ends its headers.
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 302 Found\r\nLocation: magnet:?xt=urn:btih:{infoHash}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _ct);
        }, _ct);

        using var answer = await pilot.PostAsJsonAsync("/api/v1/grabs",
            new { title = "Slow", uri = $"http://{TorrentServer.Address}:{port}/slow.torrent", category = "tv" }, _ct);
        var grab = await answer.Content.ReadFromJsonAsync<JsonElement>(_ct);
        await firstAsked.Task.WaitAsync(TimeSpan.FromSeconds(30), _ct);
        var claimed = (await registry.GetFromJsonAsync<JsonElement>(MessagePath(haulId, grab, ""), _ct))!;
        Assert.Equal("claimed", claimed.GetProperty("status").GetString());

        await stack.Graph.StopResourceAsync(PulseResources.Haul, _ct);
        await stack.Graph.StartResourceAsync(PulseResources.Haul, _ct);

        var done = await WaitForGrabAsync(pilot, grab.GetProperty("id").GetString()!, "completed");
        Assert.Equal(infoHash, done.GetProperty("info_hash").GetString());
        await serving.WaitAsync(TimeSpan.FromSeconds(30), _ct);
        var message = (await registry.GetFromJsonAsync<JsonElement>(MessagePath(haulId, grab, ""), _ct))!;
        Assert.Equal(2, message.GetProperty("attempts").GetInt32());
        using var late = await registry.PostAsJsonAsync(MessagePath(haulId, grab, "complete"),
            new JsonObject { ["epoch"] = 1, ["result"] = new JsonObject() }, _ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task AGrabHaulKeepsFailingEndsFailedAfterMaxAttemptsAndTheGrabBehindItCompletes()
    {
        using var pilot = stack.Pilot();
        await WaitForPollModeHaulAsync(pilot, online: true);
        using var refusing = RefusingPort();
        var closedPort = ((IPEndPoint)refusing.LocalEndPoint!).Port;

        using var bad = await pilot.PostAsJsonAsync("/api/v1/grabs",
            new { title = "Unreachable", uri = $"http://{TorrentServer.Address}:{closedPort}/x.torrent", category = "tv" }, _ct);
        using var good = await ConsumerApi.GrabAsync(pilot, ConsumerApi.NewInfoHash(), _ct);

        var goodGrab = await good.Content.ReadFromJsonAsync<JsonElement>(_ct);
        await WaitForGrabAsync(pilot, goodGrab.GetProperty("id").GetString()!, "completed");
        var failed = await WaitForGrabAsync(pilot, (await bad.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString()!, "failed");
        Assert.Contains("attempt 5 of 5", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHaulWhoseCursorTheRegistryNoLongerHasResetsOnTheGoneAnswerAndLosesNoGrab()
    {
        using var pilot = stack.Pilot();
        await WaitForPollModeHaulAsync(pilot, online: true);
        var haulId = await stack.ServiceIdAsync(PulseResources.Haul, _ct);
        var infoHash = ConsumerApi.NewInfoHash();
        JsonElement grab;
        await stack.Graph.StopResourceAsync(PulseResources.Haul, _ct);
        try
        {
            // As if the registry had lost its data: Haul's saved cursor is ahead of every delivery (410).
            var stream = $"relay-{haulId}";
            await File.WriteAllTextAsync(Path.Combine(stack.Graph.DataDirOf(PulseResources.Haul), "cursors", stream + ".cursor"),
                $$"""{"stream":"{{stream}}","cursor":"999999"}""", _ct);
            using var answer = await ConsumerApi.GrabAsync(pilot, infoHash, _ct);
            grab = await answer.Content.ReadFromJsonAsync<JsonElement>(_ct);
        }
        finally
        {
            await stack.Graph.StartResourceAsync(PulseResources.Haul, CancellationToken.None);
        }

        var done = await WaitForGrabAsync(pilot, grab.GetProperty("id").GetString()!, "completed");
        Assert.Equal(infoHash, done.GetProperty("info_hash").GetString());
        await Eventually.HoldsAsync(
            async () => (await stack.Graph.ConsoleOutputAsync(PulseResources.Haul, _ct))
                .Any(line => line.Contains("cursor 999999 is outside the registry's retained deliveries", StringComparison.Ordinal)),
            _ct, what: "Haul logging the reset of its cursor");
    }

    [Fact]
    public async Task AMessageToAServiceInPushModeIsConflict()
    {
        using var registry = stack.Registry();
        var pilotId = await stack.ServiceIdAsync(PulseResources.Pilot, _ct);

        using var answer = await registry.PostAsJsonAsync($"/api/v1/services/{pilotId}/messages",
            new JsonObject { ["type"] = "torrent.add", ["key"] = "k", ["payload"] = new JsonObject() }, _ct);

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
    }

    private static string MessagePath(string serviceId, JsonElement grab, string action) =>
        $"/api/v1/services/{serviceId}/messages/{grab.GetProperty("message_id").GetString()}/{action}".TrimEnd('/');

    /// <summary>
    /// A port on the torrent server's address that refuses every connection, and that nothing else can take while the
    /// test holds it: a socket bound to it that never listens.
    /// </summary>
    private static Socket RefusingPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(TorrentServer.Address), 0));
        return socket;
    }

    private Task<JsonElement?> WaitForPollModeHaulAsync(HttpClient pilot, bool online) =>
        Eventually.ReturnsAsync(
            () => ConsumerApi.SyncedHaulAsync(pilot, _ct),
            entry => entry is { } e && e.GetProperty("delivery_mode").GetString() == "poll"
                && e.GetProperty("url").ValueKind == JsonValueKind.Null
                && e.GetProperty("status").GetString() == (online ? "online" : "offline"),
            _ct);

    private async Task<JsonElement> GrabAsync(HttpClient pilot, string id) =>
        (await pilot.GetFromJsonAsync<JsonElement[]>("/api/v1/grabs", _ct))!.Single(g => g.GetProperty("id").GetString() == id);

    private Task<JsonElement> WaitForGrabAsync(HttpClient pilot, string id, string status) =>
        Eventually.ReturnsAsync(() => GrabAsync(pilot, id), g => g.GetProperty("status").GetString() == status, _ct);
}
