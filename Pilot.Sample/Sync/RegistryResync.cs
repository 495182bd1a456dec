using Pilot.Sample.Grabs;
using Pulse.Client.Catalog;

namespace Pilot.Sample.Sync;

/// <summary>After a download client refused a key: one full read of the registry, applied at once.</summary>
internal sealed class RegistryResync(DownloadClientCatalog catalog) : IDownloadClientResync
{
    public Task ResyncAsync(CancellationToken cancellationToken) => catalog.RefreshAsync(cancellationToken);
}
