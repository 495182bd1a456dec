using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

[Collection(StackCollection.Name)]
public sealed class GrabTests(StackFixture stack)
{
    [Fact]
    public async Task AGrabThatMeetsAStaleKeyResyncsAndSucceedsOnItsRetry()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pilot = stack.Consumer(PulseResources.Pilot);
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct);
        await ConsumerApi.ExecuteAsync(stack, PulseResources.PilotDatabase,
            "UPDATE download_clients SET api_key = 'stale-key' WHERE source = 'pulse' AND name = 'haul'", ct);

        using var answer = await ConsumerApi.GrabAsync(pilot, ConsumerApi.NewInfoHash(), ct);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("sent", (await answer.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString());
        Assert.Equal(stack.HaulKey, (await ConsumerApi.SyncedHaulAsync(pilot, ct))!.Value.GetProperty("api_key").GetString());
    }

    [Fact]
    public async Task AnUnreachableClientAnswers502NamingItAndTheGrabIsStoredFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pilot = stack.Consumer(PulseResources.Pilot);
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct);

        // A manual client that sorts before haul (same priority, name first) on a port that refuses connections.
        using var gone = new RefusingPort();
        using var added = await pilot.PostAsJsonAsync("/api/v1/download-clients",
            new { name = "aaa-gone", url = $"http://127.0.0.1:{gone.Port}", api_key = "k", priority = 1 }, ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
        try
        {
            var infoHash = ConsumerApi.NewInfoHash();
            using var answer = await ConsumerApi.GrabAsync(pilot, infoHash, ct);

            Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.Contains("'aaa-gone'", problem.GetProperty("detail").GetString());
            var stored = await StoredGrabAsync(pilot, infoHash, ct);
            Assert.Equal("failed", stored.GetProperty("status").GetString());
            Assert.Contains("could not be reached", stored.GetProperty("reason").GetString());
        }
        finally
        {
            await pilot.DeleteAsync($"/api/v1/download-clients/{id}", ct);
        }
    }

    [Fact]
    public async Task WithNoEligibleClientAGrabAnswers503AndIsStoredFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var prism = stack.Consumer(PulseResources.Prism);
        var haul = (await ConsumerApi.WaitForHaulAsync(prism, stack.HaulUrl, stack.HaulKey, ct))!.Value;
        var id = haul.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await prism.PutAsJsonAsync($"/api/v1/download-clients/{id}", new { enabled = false }, ct)).StatusCode);
        try
        {
            var infoHash = ConsumerApi.NewInfoHash();
            using var answer = await ConsumerApi.GrabAsync(prism, infoHash, ct, category: "movies");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("failed", (await StoredGrabAsync(prism, infoHash, ct)).GetProperty("status").GetString());
        }
        finally
        {
            await prism.PutAsJsonAsync($"/api/v1/download-clients/{id}", new { enabled = true }, ct);
        }
    }

    [Fact]
    public async Task GrabsLeftPendingByACrashAreResolvedAfterTheStartAndEachIsInHaulOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pilot = stack.Consumer(PulseResources.Pilot);
        using var haul = stack.Haul();
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct);

        // One crashed before it was sent; the other after Haul added it, but before Pilot recorded the answer.
        var (neverSent, alreadyAdded) = (ConsumerApi.NewInfoHash(), ConsumerApi.NewInfoHash());
        var alreadyAddedId = Guid.NewGuid();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/torrents")
        {
            Content = JsonContent.Create(new { uri = $"magnet:?xt=urn:btih:{alreadyAdded}", category = "tv" }),
        })
        {
            request.Headers.Add("Idempotency-Key", alreadyAddedId.ToString());
            using var added = await haul.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        await stack.Graph.StopResourceAsync(PulseResources.Pilot, ct);
        try
        {
            await ConsumerApi.ExecuteAsync(stack, PulseResources.PilotDatabase, $"""
                INSERT INTO grabs (id, title, uri, category, status, download_client, created_at, updated_at) VALUES
                (gen_random_uuid(), 'Crashed before the send', 'magnet:?xt=urn:btih:{neverSent}', 'tv', 'pending', NULL, now(), now()),
                ('{alreadyAddedId}', 'Crashed after the send', 'magnet:?xt=urn:btih:{alreadyAdded}', 'tv', 'pending', 'haul', now(), now())
                """, ct);
        }
        finally
        {
            await stack.Graph.StartResourceAsync(PulseResources.Pilot, CancellationToken.None);
        }

        foreach (var infoHash in (string[])[neverSent, alreadyAdded])
        {
            var sent = await Eventually.ReturnsAsync(() => StoredGrabAsync(pilot, infoHash, ct), grab => grab.GetProperty("status").GetString() != "pending", ct,
                TimeSpan.FromMinutes(2));
            Assert.Equal("sent", sent.GetProperty("status").GetString());
            Assert.Equal(infoHash, sent.GetProperty("info_hash").GetString());
            var keyed = await haul.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/by-idempotency-key/{sent.GetProperty("id").GetString()}", ct);
            Assert.Equal(infoHash, keyed.GetProperty("info_hash").GetString());
        }

        var torrents = await haul.GetFromJsonAsync<JsonElement[]>("/api/v1/torrents", ct);
        Assert.Single(torrents!, torrent => torrent.GetProperty("info_hash").GetString() == neverSent);
        Assert.Single(torrents!, torrent => torrent.GetProperty("info_hash").GetString() == alreadyAdded);
    }

    private static async Task<JsonElement> StoredGrabAsync(HttpClient consumer, string infoHash, CancellationToken ct) =>
        (await consumer.GetFromJsonAsync<JsonElement[]>("/api/v1/grabs", ct))!
            .First(grab => grab.GetProperty("uri").GetString()!.Contains(infoHash, StringComparison.Ordinal));
}
