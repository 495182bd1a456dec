using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Pulse.Registry.Api;
using Pulse.Registry.Changes;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>Consul-style blocking reads, on a registry whose index no other test moves.</summary>
public sealed class BlockingReadTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/services")]
    [InlineData("/api/v1/services/discover?type=download-client")]
    [InlineData("/api/v1/download-clients")]
    public async Task ABlockingReadAnswersAsSoonAsAChangeHappens(string path)
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();
        var index = await IndexAsync(client, path);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';

        var watch = Stopwatch.StartNew();
        var blocked = client.GetAsync($"{path}{separator}index={index}&wait=30s", _ct);
        Assert.False(await Completes(blocked, TimeSpan.FromMilliseconds(300)), "the read answered before any change");
        await RegisterAsync(client, Registration(UniqueName("haul"), "download-client"), _ct);
        var response = await blocked.WaitAsync(TimeSpan.FromSeconds(10), _ct);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(long.Parse(response.Headers.GetValues("X-Pulse-Index").Single(), CultureInfo.InvariantCulture) > index);
        Assert.Contains("haul-", await response.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task ABlockingReadWithNoChangeAnswersTheUnchangedListWhenItsWaitEnds()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();
        await RegisterAsync(client, Registration(UniqueName()), _ct);
        var index = await IndexAsync(client, "/api/v1/services");

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/api/v1/services?index={index}&wait=1s", _ct);

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(5));
        Assert.Equal(index.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Pulse-Index").Single());
        Assert.Contains("svc-", await response.Content.ReadAsStringAsync(_ct));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public async Task AReadWithAStaleIndexAnswersAtOnce(int offset)
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();
        await RegisterAsync(client, Registration(UniqueName()), _ct);
        var index = await IndexAsync(client, "/api/v1/services");

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/api/v1/services?index={index + offset}&wait=30s", _ct);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(index.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Pulse-Index").Single());
    }

    [Fact]
    public async Task AParkedReaderHoldsNoResultAndReadsItOnceWhenAnswered()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();
        var index = await IndexAsync(client, "/api/v1/services");
        var changes = registry.Get<ChangeIndex>();
        var loads = 0;

        Task<(object Value, long Index)> LoadAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref loads);
            return Task.FromResult((new object(), changes.Current));
        }

        var read = registry.Get<BlockingRead>().RunAsync(
            new DefaultHttpContext().Response, index.ToString(CultureInfo.InvariantCulture), "30s", "parked-reader-test", LoadAsync, _ct);
        Assert.False(await Completes(read, TimeSpan.FromMilliseconds(300)), "the read answered before any change");
        Assert.Equal(0, Volatile.Read(ref loads));

        await RegisterAsync(client, Registration(UniqueName()), _ct);
        await read.WaitAsync(TimeSpan.FromSeconds(10), _ct);
        Assert.Equal(1, Volatile.Read(ref loads));
    }

    [Fact]
    public async Task AHeartbeatThatChangesNoStatusDoesNotMoveTheIndex()
    {
        await using var registry = await InProcessRegistry.StartAsync(graph, TimeProvider.System, _ct);
        using var client = registry.CreateKeyedClient();
        var id = await RegisterAsync(client, Registration(UniqueName()), _ct);
        var index = await IndexAsync(client, "/api/v1/services");

        using (await client.PutAsync($"/api/v1/services/{id}/heartbeat", null, _ct))
        {
        }

        Assert.Equal(index, await IndexAsync(client, "/api/v1/services"));
    }

    private async Task<long> IndexAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, _ct);
        response.EnsureSuccessStatusCode();
        return long.Parse(response.Headers.GetValues("X-Pulse-Index").Single(), CultureInfo.InvariantCulture);
    }

    private static async Task<bool> Completes(Task task, TimeSpan within) =>
        await Task.WhenAny(task, Task.Delay(within)) == task;
}
