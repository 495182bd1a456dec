using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

[Collection(StackCollection.Name)]
public sealed class SyncTests(StackFixture stack)
{
    [Fact]
    public async Task HaulRestartedWithANewKeyAndANewAdvertisedUrlReachesBothConsumersAndTheNextGrabSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pilot = stack.Consumer(PulseResources.Pilot);
        using var prism = stack.Consumer(PulseResources.Prism);

        // Behind Aspire's proxy Haul keeps its public port across restarts; the same endpoint by another name is a new
        // URL that still reaches it, since the proxy listens on 127.0.0.1 as well.
        var newUrl = new UriBuilder(stack.Graph.Endpoint(PulseResources.Haul)) { Host = "127.0.0.1" }.Uri.ToString().TrimEnd('/');
        Assert.NotEqual(stack.HaulUrl, newUrl);

        await RestartHaulWithANewKeyAsync(ct, advertisedUrl: newUrl);

        foreach (var consumer in (HttpClient[])[pilot, prism])
        {
            await ConsumerApi.WaitForHaulAsync(consumer, newUrl, stack.HaulKey, ct);
        }

        using var answer = await ConsumerApi.GrabAsync(prism, ConsumerApi.NewInfoHash(), ct, category: "movies");
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var grab = await answer.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("sent", grab.GetProperty("status").GetString());
        Assert.Equal(PulseResources.Haul, grab.GetProperty("download_client").GetString());
    }

    [Fact]
    public async Task WithTheRegistryStoppedConsumersKeepTheirClientsAndGrabsWorkThenSyncResumes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pilot = stack.Consumer(PulseResources.Pilot);
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct);

        await stack.Graph.StopResourceAsync(PulseResources.Registry, ct);
        try
        {
            // Wait until the sync has met the outage twice more (its catalog logs each failed read), then look.
            var failedReads = await FailedRegistryReadsAsync(ct);
            await Eventually.HoldsAsync(async () => await FailedRegistryReadsAsync(ct) >= failedReads + 2, ct,
                what: "Pilot failing to read the registry twice more");
            Assert.NotNull(await ConsumerApi.SyncedHaulAsync(pilot, ct));

            using var answer = await ConsumerApi.GrabAsync(pilot, ConsumerApi.NewInfoHash(), ct);
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        }
        finally
        {
            await stack.Graph.StartResourceAsync(PulseResources.Registry, ct);
        }

        await RestartHaulWithANewKeyAsync(ct);
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct);
    }

    [Fact]
    public async Task FullSyncUpdatesRegistryFieldsKeepsLocalOnesAndNeverTouchesManualEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pilot = stack.Consumer(PulseResources.Pilot);
        var haul = (await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct))!.Value;
        var id = haul.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK,
            (await pilot.PutAsJsonAsync($"/api/v1/download-clients/{id}", new { category = "local-tv", priority = 7, enabled = true }, ct)).StatusCode);
        using var manual = await pilot.PostAsJsonAsync("/api/v1/download-clients",
            new { name = "manual-one", url = "http://127.0.0.1:1", api_key = "manual-key", priority = 50, enabled = false }, ct);
        var manualEntry = await manual.Content.ReadFromJsonAsync<JsonElement>(ct);

        await RestartHaulWithANewKeyAsync(ct);

        var updated = (await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct))!.Value;
        Assert.Equal(id, updated.GetProperty("id").GetString());
        Assert.Equal("local-tv", updated.GetProperty("category").GetString());
        Assert.Equal(7, updated.GetProperty("priority").GetInt32());
        var manualNow = (await ConsumerApi.DownloadClientsAsync(pilot, ct)).Single(c => c.GetProperty("id").GetString() == manualEntry.GetProperty("id").GetString());
        Assert.Equal("http://127.0.0.1:1", manualNow.GetProperty("url").GetString());
        Assert.Equal("manual-key", manualNow.GetProperty("api_key").GetString());
        await pilot.DeleteAsync($"/api/v1/download-clients/{manualEntry.GetProperty("id").GetString()}", ct);
        await pilot.PutAsJsonAsync($"/api/v1/download-clients/{id}", new { priority = 1, enabled = true }, ct);
    }

    [Fact]
    public async Task AddOnlyNeverOverwritesAnEntry()
    {
        var ct = TestContext.Current.CancellationToken;
        using var prism = stack.Consumer(PulseResources.Prism);
        await stack.Graph.RestartResourceAsync(PulseResources.Prism, environment => environment["Pilot__SyncLevel"] = "AddOnly", ct);
        try
        {
            var before = (await ConsumerApi.WaitForHaulAsync(prism, stack.HaulUrl, stack.HaulKey, ct))!.Value;
            using var pilot = stack.Consumer(PulseResources.Pilot);

            await RestartHaulWithANewKeyAsync(ct);
            await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct); // the change went out

            var after = (await ConsumerApi.SyncedHaulAsync(prism, ct))!.Value;
            Assert.Equal(before.GetProperty("url").GetString(), after.GetProperty("url").GetString());
            Assert.Equal(before.GetProperty("api_key").GetString(), after.GetProperty("api_key").GetString());
        }
        finally
        {
            await stack.Graph.RestartResourceAsync(PulseResources.Prism, environment => environment["Pilot__SyncLevel"] = "FullSync", ct);
        }

        await ConsumerApi.WaitForHaulAsync(prism, stack.HaulUrl, stack.HaulKey, ct);
    }

    [Fact]
    public async Task AnEntryRemovedFromTheRegistryDisappearsFromConsumersButManualEntriesStay()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pilot = stack.Consumer(PulseResources.Pilot);
        var haul = (await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct))!.Value;
        using var manual = await pilot.PostAsJsonAsync("/api/v1/download-clients",
            new { name = "manual-two", url = "http://127.0.0.1:2", api_key = "k2", priority = 50 }, ct);
        var manualId = (await manual.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();

        using var registry = stack.Registry();
        Assert.Equal(HttpStatusCode.NoContent,
            (await registry.DeleteAsync($"/api/v1/services/{haul.GetProperty("service_id").GetString()}", ct)).StatusCode);

        await Eventually.ReturnsAsync(() => ConsumerApi.SyncedHaulAsync(pilot, ct), entry => entry is null, ct);
        Assert.Contains(await ConsumerApi.DownloadClientsAsync(pilot, ct), c => c.GetProperty("id").GetString() == manualId);

        // Haul registers again (a restart re-registers at once) and comes back.
        await pilot.DeleteAsync($"/api/v1/download-clients/{manualId}", ct);
        await stack.Graph.RestartResourceAsync(PulseResources.Haul, changeEnvironment: null, ct);
        await ConsumerApi.WaitForHaulAsync(pilot, stack.HaulUrl, stack.HaulKey, ct);
    }

    private async Task<int> FailedRegistryReadsAsync(CancellationToken ct) =>
        (await stack.Graph.ConsoleOutputAsync(PulseResources.Pilot, ct)).Count(line => line.Contains("reading the registry failed", StringComparison.Ordinal));

    /// <summary>Restarts Haul with a new key (and a new URL to advertise, when given), and tells the fixture.</summary>
    private async Task RestartHaulWithANewKeyAsync(CancellationToken ct, string? advertisedUrl = null)
    {
        var newKey = "haul-key-" + Guid.NewGuid().ToString("N");
        await stack.Graph.RestartResourceAsync(PulseResources.Haul, environment =>
        {
            environment["Haul__ApiKey"] = newKey;
            if (advertisedUrl is not null)
            {
                environment["Pulse__ApiUrl"] = advertisedUrl;
            }
        }, ct);
        stack.HaulKey = newKey;
        stack.HaulUrl = advertisedUrl ?? stack.HaulUrl;
    }
}
