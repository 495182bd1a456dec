using Pulse.Registry.DownloadClients;

namespace Pulse.Registry.Liveness;

/// <summary>
/// Turns rows into what the API shows. A service is <c>online</c> only while its lease is live: reads report
/// <c>offline</c> as soon as <c>lease_expires_at</c> ≤ now, before the sweep records it.
/// </summary>
internal sealed class LivenessView(LeaseBook leases, TimeProvider time, IOptions<RegistryOptions> options)
{
    private readonly int _heartbeatSeconds = (int)Math.Max(1, Math.Ceiling(options.Value.HeartbeatInterval.TotalSeconds));

    public string Status(Guid id, string storedStatus, DateTime storedLease) =>
        storedStatus == ServiceStatus.Online && leases.EffectiveLease(id, storedLease) > time.GetUtcNow().UtcDateTime
            ? ServiceStatus.Online
            : ServiceStatus.Offline;

    public ServiceDto ToDto(ServiceRecord service, bool includeCredentials = false) => new(
        service.Id.ToString(),
        service.Name,
        service.Type,
        service.ApiUrl,
        service.HealthUrl,
        service.Version,
        Status(service.Id, service.Status, service.LeaseExpiresAt),
        service.DeliveryMode,
        service.Capabilities,
        service.Metadata,
        service.LastSeen,
        service.Registered,
        leases.EffectiveLease(service.Id, service.LeaseExpiresAt),
        _heartbeatSeconds,
        includeCredentials ? service.ApiKey : null);

    public DownloadClientDto ToDto(DownloadClientRecord entry, bool includeCredentials = false) => new(
        entry.Id.ToString(),
        entry.Name,
        entry.Kind,
        entry.Protocol,
        entry.Enabled,
        entry.Priority,
        entry.Host,
        entry.Url?.Port,
        DownloadClientUrl.UsesSsl(entry.Url),
        DownloadClientUrl.UrlBase(entry.Url),
        entry.Url?.OriginalString,
        entry.DeliveryMode,
        entry.Username,
        entry.Category,
        entry.Directory,
        entry.Settings,
        entry.ServiceId?.ToString(),
        entry is { ServiceId: { } owner, OwnerStatus: { } status, OwnerLeaseExpiresAt: { } lease }
            ? Status(owner, status, lease)
            : entry.ServiceId is null ? "unknown" : ServiceStatus.Offline,
        entry.CreatedAt,
        entry.UpdatedAt,
        includeCredentials ? entry.ApiKey : null);
}
