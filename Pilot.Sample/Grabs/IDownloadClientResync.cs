namespace Pilot.Sample.Grabs;

/// <summary>Brings the download clients up to date with the registry now (after a client refused a stale key).</summary>
internal interface IDownloadClientResync
{
    Task ResyncAsync(CancellationToken cancellationToken);
}
