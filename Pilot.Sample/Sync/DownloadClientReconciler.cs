using Microsoft.Extensions.Options;
using Pilot.Sample.DownloadClients;
using Pulse.Client.Catalog;
using RegistryEntry = Pulse.Client.Registry.DownloadClientRecord;

namespace Pilot.Sample.Sync;

/// <summary>
/// Applies the registry's download-client list to the consumer's own, at its sync level: adds what is new, removes what
/// the registry removed, and (FullSync only) updates the registry-owned fields — name, url, key, protocol, delivery
/// mode, status — keeping the user's category, priority and enabled flag. Manual entries are never touched. It is
/// only ever given a complete, successful answer of the registry (by the SDK's catalog), so an outage or an error
/// deletes nothing.
/// </summary>
internal sealed class DownloadClientReconciler(
    DownloadClientStore store, IOptionsMonitor<PilotOptions> options, TimeProvider time, ILogger<DownloadClientReconciler> logger)
    : IDownloadClientCatalogObserver
{
    public async Task OnCatalogAsync(IReadOnlyList<RegistryEntry> entries, CancellationToken cancellationToken)
    {
        if (await ApplyAsync(entries, cancellationToken) is > 0 and var changes)
        {
            Log.Synced(logger, changes);
        }
    }

    public async Task<int> ApplyAsync(IReadOnlyList<RegistryEntry> entries, CancellationToken cancellationToken)
    {
        var level = options.CurrentValue.SyncLevel;
        if (level == SyncLevel.Disabled)
        {
            return 0;
        }

        var synced = (await store.ListAsync(cancellationToken))
            .Where(client => client.Source == DownloadClientRecord.Pulse && client.PulseId is not null)
            .ToDictionary(client => client.PulseId!);
        var changes = 0;
        foreach (var entry in entries)
        {
            if (!synced.Remove(entry.Id, out var local))
            {
                await store.SaveAsync(NewEntry(entry), cancellationToken);
                changes++;
            }
            else if (level == SyncLevel.FullSync && WithRegistryFields(local, entry) is var updated && updated != local)
            {
                await store.SaveAsync(updated with { UpdatedAt = time.GetUtcNow() }, cancellationToken);
                changes++;
            }
        }

        foreach (var removed in synced.Values)
        {
            await store.DeleteAsync(removed.Id, cancellationToken);
            changes++;
        }

        return changes;
    }

    private DownloadClientRecord NewEntry(RegistryEntry entry) => WithRegistryFields(
        new DownloadClientRecord(
            Guid.CreateVersion7(), "", entry.Kind ?? "haul", "", null, "", "", entry.Category,
            Math.Clamp(entry.Priority, DownloadClientRequest.MinPriority, DownloadClientRequest.MaxPriority),
            entry.Enabled, DownloadClientRecord.Pulse, "", entry.Id, entry.ServiceId, time.GetUtcNow()),
        entry);

    private static DownloadClientRecord WithRegistryFields(DownloadClientRecord local, RegistryEntry entry) => local with
    {
        Name = entry.Name ?? local.Name,
        Protocol = entry.Protocol ?? "torrent",
        Url = entry.Url is { } url ? DownloadClientRecord.BaseUrl(url.OriginalString) : null,
        ApiKey = entry.ApiKey ?? "",
        DeliveryMode = entry.DeliveryMode ?? "push",
        Status = entry.Status ?? "unknown",
        ServiceId = entry.ServiceId,
    };
}
