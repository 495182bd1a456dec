using Microsoft.Extensions.Options;
using Npgsql;

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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PrincipalPollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var version = await store.ReadVersionAsync(stoppingToken);
                if (version != directory.Version)
                {
                    await directory.ReloadAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                Log.PrincipalReloadFailed(logger, exception);
            }
        }
    }
}
