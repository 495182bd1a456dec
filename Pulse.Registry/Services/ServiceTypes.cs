namespace Pulse.Registry.Services;

internal static class ServiceTypes
{
    /// <summary>A service of this type gets a download-client entry.</summary>
    public const string DownloadClient = "download-client";
}

internal static class ServiceStatus
{
    public const string Online = "online";
    public const string Offline = "offline";
}

internal static class DeliveryModes
{
    public const string Push = "push";
    public const string Poll = "poll";
}
