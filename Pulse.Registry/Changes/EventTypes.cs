namespace Pulse.Registry.Changes;

/// <summary>The event types of the event feed (<c>GET /api/v1/events</c>).</summary>
internal static class EventTypes
{
    public const string ServiceRegistered = "service.registered";
    public const string ServiceUpdated = "service.updated";
    public const string ServiceOnline = "service.online";
    public const string ServiceOffline = "service.offline";
    public const string ServiceLeft = "service.left";
    public const string ServiceRemoved = "service.removed";
    public const string DownloadClientCreated = "download_client.created";
    public const string DownloadClientUpdated = "download_client.updated";
    public const string DownloadClientDeleted = "download_client.deleted";

    public static string ServiceKey(Guid id) => $"service:{id}";

    public static string DownloadClientKey(Guid id) => $"download_client:{id}";
}
