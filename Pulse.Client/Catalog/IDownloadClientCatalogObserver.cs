namespace Pulse.Client.Catalog;

/// <summary>The consumer's side of the <see cref="DownloadClientCatalog"/>: it is handed each complete list the registry answers.</summary>
public interface IDownloadClientCatalogObserver
{
    /// <summary>
    /// Applies the registry's complete download-client list (keys included). It is called only with a successful
    /// answer, never because the registry is unreachable or answered an error, and never twice at once.
    /// </summary>
    Task OnCatalogAsync(IReadOnlyList<DownloadClientRecord> entries, CancellationToken cancellationToken);
}
