using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Client;
using Pulse.Client.Relay;

namespace Pulse.Relay.Bench;

/// <summary>
/// A poll-mode service in this process: the SDK's <see cref="RelayRunner"/> with one handler that records when each
/// message reached it (a <see cref="Stopwatch"/> timestamp), and completes it at once.
/// </summary>
internal sealed class BenchRelay : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _cursorFolder = Path.Combine(Path.GetTempPath(), $"pulse-relay-bench-{Guid.NewGuid():N}");

    public BenchRelay(Uri registry, string registryKey, string serviceId)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pulse:Url"] = registry.ToString(),
            ["Pulse:ApiKey"] = registryKey,
        }).Build());
        services.AddLogging();
        services.AddSingleton<IPulseRegistration>(new RegisteredAs(serviceId));
        services.AddSingleton<IPulseRelayHandler>(Handler);
        services.AddPulseRelay(options => options.CursorFolder = _cursorFolder);
        _services = services.BuildServiceProvider();
    }

    public RecordingHandler Handler { get; } = new();

    public Task StartAsync(CancellationToken ct) => _services.GetRequiredService<RelayRunner>().StartAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _services.GetRequiredService<RelayRunner>().StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        Directory.Delete(_cursorFolder, recursive: true);
    }

    internal sealed class RecordingHandler : IPulseRelayHandler
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _signals = new();

        public ConcurrentDictionary<string, long> Reached { get; } = new();

        /// <summary>Completes with the timestamp at which the message reached the handler.</summary>
        public Task<long> ReachedAsync(string messageId) => Signal(messageId).Task;

        public string MessageType => "bench";

        private TaskCompletionSource<long> Signal(string messageId) =>
            _signals.GetOrAdd(messageId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

        public Task<RelayHandlerResult> HandleAsync(RelayDelivery delivery, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            Reached.TryAdd(delivery.MessageId, now);
            Signal(delivery.MessageId).TrySetResult(now);
            return Task.FromResult(RelayHandlerResult.Complete());
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
}
