namespace Pulse.Registry.Principals;

/// <summary>
/// Reads <c>principal_index</c> every <c>Registry:PrincipalPollInterval</c> (500 ms) and reloads the key cache when
/// it moved, so a key added or retired through another instance holds here within a second.
/// </summary>
internal sealed class PrincipalWatcher(
    PrincipalStore store,
    PrincipalDirectory directory,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<PrincipalWatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PeriodicWork.RunAsync(
        options.Value.PrincipalPollInterval, time, PollAsync, exception => Log.PrincipalReloadFailed(logger, exception), stoppingToken);

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadVersionAsync(cancellationToken) != directory.Version)
        {
            await directory.ReloadAsync(cancellationToken);
        }
    }
}
