using Pulse.Registry.Liveness;

namespace Pulse.Registry.DownloadClients;

/// <summary>
/// Keeps the entry a download-client service owns in step with it, inside the service's own transaction:
/// created on first registration, updated in place after (keeping <c>enabled</c> and <c>priority</c>), deleted with it.
/// </summary>
internal sealed class DownloadClientSync(LivenessView view)
{
    private const string PulseSettings = """{"pulse":true}""";

    /// <summary>Creates or updates the entry of a (re-)registered service.</summary>
    public async Task ApplyAsync(WriteScope scope, ServiceRecord service, bool statusChanged, CancellationToken cancellationToken)
    {
        var existing = await ReadOwnedAsync(scope, service.Id, forUpdate: true, cancellationToken);
        var protocol = service.Capabilities.Contains("supports_usenet") ? DownloadClientProtocols.Usenet : DownloadClientProtocols.Torrent;
        var url = UrlOf(service);
        if (existing is null)
        {
            await using var insert = scope.Command($"""
                INSERT INTO download_clients (id, service_id, name, kind, protocol, enabled, priority, host, port, use_ssl,
                    url_base, api_url, delivery_mode, password, settings, created_at, updated_at)
                VALUES (@id, @service_id, @name, @kind, @protocol, true, 1, @host, @port, @use_ssl,
                    @url_base, @api_url, @delivery_mode, @password, @settings, @now, @now)
                """);
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            AddOwnedFields(insert, service, protocol, url, scope.Now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await RaiseAsync(scope, EventTypes.DownloadClientCreated, service.Id, cancellationToken);
            return;
        }

        var changed = existing.Name != service.Name || existing.Kind != service.Name || existing.Protocol != protocol
            || existing.Url?.OriginalString != url?.OriginalString
            || existing.DeliveryMode != service.DeliveryMode || existing.ApiKey != service.ApiKey;
        if (!changed && !statusChanged)
        {
            return;
        }

        await using var update = scope.Command("""
            UPDATE download_clients SET name = @name, kind = @kind, protocol = @protocol, host = @host, port = @port,
                use_ssl = @use_ssl, url_base = @url_base, api_url = @api_url, delivery_mode = @delivery_mode,
                password = @password, settings = @settings, updated_at = @now
            WHERE service_id = @service_id
            """);
        AddOwnedFields(update, service, protocol, url, scope.Now);
        await update.ExecuteNonQueryAsync(cancellationToken);
        await RaiseAsync(scope, EventTypes.DownloadClientUpdated, service.Id, cancellationToken);
    }

    /// <summary>The owner went online or offline: the entry's status follows it.</summary>
    public async Task StatusChangedAsync(WriteScope scope, Guid serviceId, CancellationToken cancellationToken)
    {
        await using var touch = scope.Command("UPDATE download_clients SET updated_at = @now WHERE service_id = @service_id");
        touch.Parameters.AddWithValue("now", scope.Now);
        touch.Parameters.AddWithValue("service_id", serviceId);
        if (await touch.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            await RaiseAsync(scope, EventTypes.DownloadClientUpdated, serviceId, cancellationToken);
        }
    }

    /// <summary>Deletes the entry of a service that is being removed.</summary>
    public async Task DeleteOwnedAsync(WriteScope scope, Guid serviceId, CancellationToken cancellationToken)
    {
        var existing = await ReadOwnedAsync(scope, serviceId, forUpdate: true, cancellationToken);
        if (existing is null)
        {
            return;
        }

        await using var delete = scope.Command("DELETE FROM download_clients WHERE id = @id");
        delete.Parameters.AddWithValue("id", existing.Id);
        await delete.ExecuteNonQueryAsync(cancellationToken);
        scope.Raise(EventTypes.DownloadClientDeleted, EventTypes.DownloadClientKey(existing.Id), Payload(existing));
    }

    public string Payload(DownloadClientRecord entry) =>
        JsonSerializer.Serialize(view.ToDto(entry), RegistryJsonContext.Default.DownloadClientDto);

    private async Task RaiseAsync(WriteScope scope, string type, Guid serviceId, CancellationToken cancellationToken)
    {
        var entry = await ReadOwnedAsync(scope, serviceId, forUpdate: false, cancellationToken)
            ?? throw new InvalidOperationException("The download-client entry vanished inside its own transaction.");
        scope.Raise(type, EventTypes.DownloadClientKey(entry.Id), Payload(entry));
    }

    private static async Task<DownloadClientRecord?> ReadOwnedAsync(
        WriteScope scope, Guid serviceId, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var select = scope.Command(
            $"SELECT {DownloadClientRecord.Columns} FROM {DownloadClientRecord.From} WHERE d.service_id = @service_id" +
            (forUpdate ? " FOR UPDATE OF d" : ""));
        select.Parameters.AddWithValue("service_id", serviceId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? DownloadClientRecord.Read(reader) : null;
    }

    // The table keeps Beacon's split address beside api_url: host, port, use_ssl and url_base are derived from the URL.
    private static void AddOwnedFields(Npgsql.NpgsqlCommand command, ServiceRecord service, string protocol, Uri? url, DateTime now)
    {
        command.Parameters.AddWithValue("service_id", service.Id);
        command.Parameters.AddWithValue("name", service.Name);
        command.Parameters.AddWithValue("kind", service.Name);
        command.Parameters.AddWithValue("protocol", protocol);
        command.Parameters.AddWithValue("host", (object?)url?.Host ?? DBNull.Value);
        command.Parameters.AddWithValue("port", (object?)url?.Port ?? DBNull.Value);
        command.Parameters.AddWithValue("use_ssl", (object?)DownloadClientUrl.UsesSsl(url) ?? DBNull.Value);
        command.Parameters.AddWithValue("url_base", (object?)DownloadClientUrl.UrlBase(url) ?? DBNull.Value);
        command.Parameters.AddWithValue("api_url", (object?)url?.OriginalString ?? DBNull.Value);
        command.Parameters.AddWithValue("delivery_mode", service.DeliveryMode);
        command.Parameters.AddWithValue("password", (object?)service.ApiKey ?? DBNull.Value);
        command.Parameters.AddWithValue("settings", PulseSettings);
        command.Parameters.AddWithValue("now", now);
    }

    // The service's api_url, whole; a service in poll mode has none.
    private static Uri? UrlOf(ServiceRecord service) =>
        service.DeliveryMode != DeliveryModes.Poll && Uri.TryCreate(service.ApiUrl, UriKind.Absolute, out var url) ? url : null;
}
