using Microsoft.Extensions.Hosting;
using Polly;

namespace Pulse.Client.Catalog;

/// <summary>
/// Follows the registry's download clients, for a consumer, with blocking reads
/// (<c>GET /api/v1/download-clients?include=credentials&amp;index=N&amp;wait=30s</c>): the registry answers as soon as its
/// index moves, so a change reaches the consumer in well under a second, and at the latest after the wait, so every
/// 30 s the consumer also gets a full reconcile. Each answer is the complete list, handed to the
/// <see cref="IDownloadClientCatalogObserver"/>. An unreachable registry or an error answer hands nothing over (so the
/// consumer never deletes because of an outage); the catalog backs off, 1 s doubling to 30 s, and carries on. An index
/// that goes backwards (the registry lost its data) simply starts a new follow.
/// </summary>
public sealed class DownloadClientCatalog(
    PulseRegistryClient registry,
    IDownloadClientCatalogObserver observer,
    IOptions<PulseRegistrationOptions> options,
    TimeProvider time,
    ILogger<DownloadClientCatalog> logger) : BackgroundService
{
    /// <summary>How long one blocking read waits for a change.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause between attempts while the registry cannot be read.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _handing = new(1, 1);

    // A read that failed (and was logged) is tried again after 1 s, doubling to 30 s; each answer starts it afresh.
    private readonly ResiliencePipeline<DownloadClientList?> _reads = PulseRetry.Build(time,
        PulseRetry.Doubling<DownloadClientList?>(TimeSpan.FromSeconds(1), MaxBackoff), list => list is null);

    /// <summary>The last complete list the registry answered, or <c>null</c> before the first.</summary>
    public IReadOnlyList<DownloadClientRecord>? Current { get; private set; }

    /// <summary>
    /// Reads the complete list now and hands it over (for example after a download client refused a key the consumer
    /// holds). Returns <c>false</c>, handing nothing over, when the registry could not be read.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken) =>
        await ReadAndHandOverAsync(index: null, cancellationToken) is not null;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEnabled)
        {
            return;
        }

        long? index = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            await _reads.ExecuteAsync(async token =>
            {
                var list = await ReadAndHandOverAsync(index, token);
                index = list?.Index; // after a failure, a full read (no index)
                return list;
            }, stoppingToken);
        }
    }

    private async Task<DownloadClientList?> ReadAndHandOverAsync(long? index, CancellationToken cancellationToken)
    {
        var answer = await registry.GetDownloadClientsAsync(index, index is null ? null : Wait, cancellationToken);
        if (answer is not { IsSuccess: true, Value: { } list })
        {
            Log.CatalogReadFailed(logger, answer.Reason ?? answer.Outcome.ToString());
            return null;
        }

        await _handing.WaitAsync(cancellationToken);
        try
        {
            Current = list.Entries;
            await observer.OnCatalogAsync(list.Entries, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The consumer's failure is its own: the catalog keeps following, and the next answer is a full list again.
            Log.CatalogHandlerFailed(logger, exception);
        }
        finally
        {
            _handing.Release();
        }

        return list;
    }
}
