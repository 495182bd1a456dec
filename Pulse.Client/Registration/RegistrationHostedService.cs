using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Pulse.Client.Registration;

/// <summary>
/// Runs the <see cref="RegistrationLoop"/> once the web server listens (so the advertised URL is real), and leaves the
/// registry on graceful shutdown.
/// </summary>
internal sealed class RegistrationHostedService(
    RegistrationLoop loop,
    RegistrationStateHolder state,
    IOptionsMonitor<PulseRegistrationOptions> options,
    IHostApplicationLifetime lifetime,
    IServiceProvider services,
    ILogger<RegistrationHostedService> logger) : BackgroundService
{
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var current = options.CurrentValue;
        if (!current.IsEnabled)
        {
            state.Set(RegistrationState.Disabled);
            Log.Disabled(logger);
            return;
        }

        state.Set(RegistrationState.Registering);
        if (!await WaitForStartedAsync(stoppingToken))
        {
            return;
        }

        try
        {
            await loop.RunAsync(BuildRequest(current), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LeaveTimeout);
        try
        {
            await loop.LeaveAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // the host's shutdown deadline came first
        }
    }

    private async Task<bool> WaitForStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal RegisterRequest BuildRequest(PulseRegistrationOptions current)
    {
        var poll = current.DeliveryMode == PulseDeliveryMode.Poll;
        var apiUrl = poll ? null : current.ApiUrl ?? BoundAddress();
        if (apiUrl is null && !poll)
        {
            Log.NoAddress(logger);
        }

        var healthUrl = current.HealthUrl ?? (apiUrl is null ? null : apiUrl.TrimEnd('/') + "/health");
        return new RegisterRequest
        {
            Name = current.ServiceName!,
            Type = current.ServiceType!,
            ApiUrl = apiUrl,
            HealthUrl = healthUrl,
            ApiKey = NullIfEmpty(current.ServiceApiKey),
            Version = current.Version ?? EntryVersion(),
            Capabilities = [.. current.Capabilities],
            Metadata = NullIfEmpty(current.Metadata),
            DeliveryMode = poll ? "poll" : "push",
        };
    }

    private string? BoundAddress()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses is null ? null : AdvertisedAddress.Pick(addresses);
    }

    private static string? EntryVersion()
    {
        var version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version is null)
        {
            return null;
        }

        // "1.0.0+<commit>": the registry allows 64 characters.
        return version.Length <= 64 ? version : version[..64];
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
