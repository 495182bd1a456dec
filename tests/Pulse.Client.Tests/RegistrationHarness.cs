using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Client.Registration;
using Pulse.Client.Registry;

namespace Pulse.Client.Tests;

/// <summary>
/// The SDK's registration loop wired as <c>AddPulseRegistration</c> wires it, against a <see cref="ScriptedRegistry"/>
/// and a <see cref="RecordingTimeProvider"/>; the loop runs in the background until the harness is disposed.
/// </summary>
internal sealed class RegistrationHarness : IAsyncDisposable
{
    public const string RegistryKey = "registry-secret-key-0123456789";
    public const string ServiceKey = "service-secret-key-9876543210";

    private readonly IHost _host;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public RegistrationHarness(Action<PulseRegistrationOptions>? configure = null)
    {
        Registry = new ScriptedRegistry(Time);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pulse:Url"] = "http://registry.test",
            ["Pulse:ApiKey"] = RegistryKey,
        });
        builder.Logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.AddPulseRegistration(options =>
        {
            options.ServiceName = "haul";
            options.ServiceType = "download-client";
            options.ServiceApiKey = ServiceKey;
            options.Capabilities = ["supports_torrent"];
            configure?.Invoke(options);
        });
        builder.Services.AddHttpClient(PulseRegistryClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Registry);
        _host = builder.Build();
    }

    public RecordingTimeProvider Time { get; } = new();

    public ScriptedRegistry Registry { get; }

    public LogRecorder Logs { get; } = new();

    public RegistrationLoop Loop => _host.Services.GetRequiredService<RegistrationLoop>();

    public RegistrationState State => _host.Services.GetRequiredService<IPulseRegistration>().State;

    public static RegisterRequest Request => new()
    {
        Name = "haul",
        Type = "download-client",
        ApiUrl = "http://127.0.0.1:8484",
        ApiKey = ServiceKey,
    };

    public void Start() => _run = Task.Run(() => Loop.RunAsync(Request, _stop.Token));

    /// <summary>Lets the next <paramref name="count"/> waits elapse and returns them in seconds.</summary>
    public async Task<List<double>> ElapseWaitsAsync(int count)
    {
        var waits = new List<double>();
        for (var i = 0; i < count; i++)
        {
            waits.Add((await Time.ElapseNextWaitAsync()).TotalSeconds);
        }

        return waits;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _run.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        _host.Dispose();
        _stop.Dispose();
    }
}
