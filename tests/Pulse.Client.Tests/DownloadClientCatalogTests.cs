using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Client.Catalog;
using Pulse.Client.Registry;

namespace Pulse.Client.Tests;

public sealed class DownloadClientCatalogTests
{
    [Fact]
    public async Task TheCatalogHandsOverOnlyCompleteAnswersBacksOffOnErrorsAndFollowsTheIndex()
    {
        var time = new RecordingTimeProvider();
        var registry = new ScriptedRegistry(time);
        var answers = new ConcurrentQueue<Func<HttpResponseMessage>>([
            () => List(5, "a"),
            () => new HttpResponseMessage(HttpStatusCode.InternalServerError),
            () => List(6, "a", "b"),
        ]);
        registry.OnDownloadClients = _ => answers.TryDequeue(out var next) ? next() : new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        var observer = new RecordingObserver();
        await using var services = Services(registry, time, observer);
        var catalog = services.GetRequiredService<DownloadClientCatalog>();

        await catalog.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(TimeSpan.FromSeconds(1), await time.ElapseNextWaitAsync());  // after the 500: back off 1 s
            Assert.Equal(TimeSpan.FromSeconds(1), await time.ElapseNextWaitAsync());  // a success reset it; the first 503: 1 s
            Assert.Equal(TimeSpan.FromSeconds(2), await time.ElapseNextWaitAsync());  // then doubling
            Assert.Equal(TimeSpan.FromSeconds(4), await time.NextWaitAsync());
        }
        finally
        {
            await catalog.StopAsync(CancellationToken.None);
        }

        Assert.Equal(["a", "a,b"], observer.Snapshots); // nothing handed over for the 500 and the 503s: nothing deleted
        Assert.Equal(["a", "b"], catalog.Current!.Select(entry => entry.Id));
        var reads = registry.Of("download-clients");
        Assert.Equal("?include=credentials", reads[0].Uri.Query);
        Assert.Contains("index=5&wait=30000ms", reads[1].Uri.Query, StringComparison.Ordinal); // followed the index
        Assert.Equal("?include=credentials", reads[2].Uri.Query);                              // reset after the error
    }

    [Fact]
    public async Task RefreshReadsNowAndHandsOverOrReportsThatTheRegistryCouldNotBeRead()
    {
        var time = new RecordingTimeProvider();
        var registry = new ScriptedRegistry(time) { OnDownloadClients = _ => List(9, "x") };
        var observer = new RecordingObserver();
        await using var services = Services(registry, time, observer);
        var catalog = services.GetRequiredService<DownloadClientCatalog>();

        Assert.True(await catalog.RefreshAsync(TestContext.Current.CancellationToken));
        registry.OnDownloadClients = _ => new HttpResponseMessage(HttpStatusCode.Unauthorized);
        Assert.False(await catalog.RefreshAsync(TestContext.Current.CancellationToken));

        Assert.Equal(["x"], observer.Snapshots);
    }

    private static ServiceProvider Services(ScriptedRegistry registry, TimeProvider time, RecordingObserver observer)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pulse:Url"] = "http://registry.test",
            ["Pulse:ApiKey"] = "registry-key",
        }).Build());
        services.AddSingleton(time);
        services.AddSingleton<IDownloadClientCatalogObserver>(observer);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddPulseDownloadClientCatalog<RecordingObserver>();
        services.AddHttpClient(PulseRegistryClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => registry);
        return services.BuildServiceProvider();
    }

    private static HttpResponseMessage List(long index, params string[] ids)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(
                "[" + string.Join(",", ids.Select(id => $$"""{"id":"{{id}}","name":"haul","password":"key-{{id}}"}""")) + "]",
                Encoding.UTF8, "application/json"),
        };
        response.Headers.Add("X-Pulse-Index", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }

    private sealed class RecordingObserver : IDownloadClientCatalogObserver
    {
        public ConcurrentQueue<string> Snapshots { get; } = new();

        public Task OnCatalogAsync(IReadOnlyList<DownloadClientRecord> entries, CancellationToken cancellationToken)
        {
            Snapshots.Enqueue(string.Join(",", entries.Select(entry => entry.Id)));
            return Task.CompletedTask;
        }
    }
}
