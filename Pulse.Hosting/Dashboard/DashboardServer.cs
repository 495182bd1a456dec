using Microsoft.AspNetCore.Builder;
using Pulse.Hosting.ApplicationModel;
using Pulse.Hosting.Dashboard.Api;
using Pulse.Hosting.Dashboard.Otlp;
using Pulse.Hosting.Dashboard.Security;
using Pulse.Hosting.Dashboard.Telemetry;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Dashboard;

/// <summary>
/// The dashboard inside the host: the OTLP receiver (18890) and the UI with its API (18888), both on loopback.
/// Started before any resource, so that exports from a service's first second are caught.
/// </summary>
internal sealed class DashboardServer(DistributedApplication app, IHostOutput output) : IAsyncDisposable
{
    private WebApplication? _receiver;
    private WebApplication? _ui;
    private ResourceCommands? _commands;

    public TelemetryStores Stores { get; } = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = app.Options;
        PortAllocator.EnsureFree(options.OtlpPort, "the dashboard's OTLP receiver", $"--{AppHostOptions.Section}:OtlpPort=<port>");
        PortAllocator.EnsureFree(options.DashboardPort, "the dashboard", $"--{AppHostOptions.Section}:DashboardPort=<port>");

        var scrubber = new SecretScrubber(Secrets());
        _receiver = OtlpReceiver.Build(options.OtlpPort, app.Context.OtlpApiKey, Stores, scrubber, output);
        await _receiver.StartAsync(cancellationToken);

        _commands = new ResourceCommands(app);
        var catalog = new ResourceCatalog(app, TimeProvider.System);
        _ui = DashboardWebApp.Build(options.DashboardPort, new DashboardToken(options.DashboardToken!), Stores, catalog, _commands, output);
        await _ui.StartAsync(cancellationToken);
    }

    /// <summary>Ends the stop, start and restart commands in flight, before the host stops the resources.</summary>
    public Task StopCommandsAsync() => _commands?.StopAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_commands is not null)
        {
            await _commands.DisposeAsync();
        }

        foreach (var web in new[] { _ui, _receiver })
        {
            if (web is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await web.StopAsync(timeout.Token);
                await web.DisposeAsync();
            }
        }
    }

    /// <summary>Every secret the host hands out, which telemetry must never carry.</summary>
    private IEnumerable<string> Secrets()
    {
        yield return app.Context.OtlpApiKey;
        yield return app.Options.DashboardToken!;
        foreach (var parameter in app.Resources.OfType<ParameterResource>().Where(parameter => parameter.Secret && parameter.IsResolved))
        {
            yield return parameter.Value;
        }
    }
}
