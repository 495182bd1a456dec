using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Client.Cursors;
using Pulse.Client.Registry;
using Pulse.Client.Relay;

namespace Pulse.Client.Tests;

/// <summary>A <see cref="RelayRunner"/> against a <see cref="FakeRelay"/>, a recording clock and a temp cursor folder.</summary>
internal sealed class RelayHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _started;

    public RelayHarness(Func<RelayDelivery, CancellationToken, Task<RelayHandlerResult>>? handle = null)
    {
        Relay = new FakeRelay(Time);
        Handler = new RecordingHandler(handle ?? ((d, _) => Task.FromResult(RelayHandlerResult.Complete(d.Payload))));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pulse:Url"] = "http://registry.test",
            ["Pulse:ApiKey"] = "registry-key",
        }).Build());
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<IPulseRegistration>(new RegisteredAs(FakeRelay.ServiceId));
        services.AddSingleton<IPulseRelayHandler>(Handler);
        services.AddPulseRelay(options => options.CursorFolder = CursorFolder);
        services.AddHttpClient(PulseRegistryClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Relay);
        _services = services.BuildServiceProvider();
    }

    public RecordingTimeProvider Time { get; } = new();

    public FakeRelay Relay { get; }

    public RecordingHandler Handler { get; }

    public LogRecorder Logs { get; } = new();

    public string CursorFolder { get; } = Path.Combine(Path.GetTempPath(), $"pulse-relay-{Guid.NewGuid():N}");

    public RelayRunner Runner => _services.GetRequiredService<RelayRunner>();

    public FileCursorStore Cursors => new(CursorFolder);

    public Task<string?> CursorAsync() => Cursors.ReadAsync(RelayRunner.CursorStream(FakeRelay.ServiceId), TestContext.Current.CancellationToken);

    public Task SaveCursorAsync(string cursor) =>
        Cursors.WriteAsync(RelayRunner.CursorStream(FakeRelay.ServiceId), cursor, TestContext.Current.CancellationToken);

    public async Task StartAsync()
    {
        _started = true;
        await Runner.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Runner.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        Directory.Delete(CursorFolder, recursive: true);
    }

    internal sealed class RecordingHandler(Func<RelayDelivery, CancellationToken, Task<RelayHandlerResult>> handle) : IPulseRelayHandler
    {
        public ConcurrentQueue<(string MessageId, int Attempt)> Handled { get; } = new();

        public string MessageType => "torrent.add";

        public async Task<RelayHandlerResult> HandleAsync(RelayDelivery delivery, CancellationToken cancellationToken)
        {
            Handled.Enqueue((delivery.MessageId, delivery.Attempt));
            return await handle(delivery, cancellationToken);
        }
    }

    private sealed class RegisteredAs(string id) : IPulseRegistration
    {
        public RegistrationState State { get; } = RegistrationState.Registered(id);

        public event Action<RegistrationState>? StateChanged
        {
            add { }
            remove { }
        }
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
