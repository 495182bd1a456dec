using Pilot.Sample.Grabs;
using Pulse.Client.Registry;

namespace Pilot.Sample.Sync;

/// <summary>One full read of the registry's download clients, applied at once (after a download client refused a key).</summary>
internal sealed class RegistryResync(PulseRegistryClient registry, DownloadClientReconciler reconciler, ILogger<RegistryResync> logger)
    : IDownloadClientResync
{
    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var answer = await registry.GetDownloadClientsAsync(index: null, wait: null, cancellationToken);
        if (answer is { IsSuccess: true, Value: { } list })
        {
            await reconciler.ApplyAsync(list.Entries, cancellationToken);
        }
        else
        {
            Log.ResyncFailed(logger, answer.Reason ?? answer.Outcome.ToString());
        }
    }
}
