using NpgsqlTypes;
using Pulse.Registry.DownloadClients;
using Pulse.Registry.Liveness;

namespace Pulse.Registry.Services;

/// <summary>The services in <c>registrydb</c>: every write raises its events in the same transaction.</summary>
internal sealed class ServiceStore(
    RegistryDatabase database,
    DownloadClientSync downloadClients,
    LeaseBook leases,
    LivenessView view,
    ServiceOwners owners,
    IOptions<RegistryOptions> options)
{
    private readonly TimeSpan _lease = options.Value.LeasePeriod;

    /// <summary>Upserts on (name, type): the id stays; every field is replaced; the lease is renewed.</summary>
    public async Task<(ServiceRecord Service, bool Created, bool Changed)> RegisterAsync(RegisterServiceRequest request, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);

        // The advisory lock serialises concurrent first registrations of one (name, type). The row is read by a second
        // statement (with its own snapshot, taken once the lock is held) in the same round trip.
        ServiceRecord? existing;
        await using (var batch = scope.Batch(
            "SELECT pg_advisory_xact_lock(hashtextextended(@name || '/' || @type, 0))",
            $"SELECT {ServiceRecord.Columns} FROM services WHERE name = @name AND type = @type FOR UPDATE"))
        {
            foreach (NpgsqlBatchCommand command in batch.BatchCommands)
            {
                command.Parameters.AddWithValue("name", request.Name!);
                command.Parameters.AddWithValue("type", request.Type!);
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            existing = await reader.ReadAsync(cancellationToken) ? ServiceRecord.Read(reader) : null;
        }

        var lease = scope.Now + _lease;
        var id = existing?.Id ?? await ChooseNewIdAsync(scope, request.Id, cancellationToken);
        var service = new ServiceRecord(id, request.Name!, request.Type!, request.ApiUrl, request.HealthUrl, request.ApiKey,
            request.Version, request.Capabilities ?? [], request.MetadataText, request.DeliveryMode ?? DeliveryModes.Push,
            ServiceStatus.Online, existing?.Registered ?? scope.Now, scope.Now, lease, null);

        await using (var upsert = scope.Command(existing is null
            ? $"""
              INSERT INTO services ({ServiceRecord.Columns}, sweep_after)
              VALUES (@id, @name, @type, @api_url, @health_url, @api_key, @version, @capabilities, @metadata, @delivery_mode,
                  @status, @registered, @last_seen, @lease_expires_at, NULL, @lease_expires_at)
              """
            : """
              UPDATE services SET api_url = @api_url, health_url = @health_url, api_key = @api_key, version = @version,
                  capabilities = @capabilities, metadata = @metadata, delivery_mode = @delivery_mode, status = @status,
                  last_seen = @last_seen, lease_expires_at = @lease_expires_at, sweep_after = @lease_expires_at, offline_since = NULL
              WHERE id = @id
              """))
        {
            AddFields(upsert, service);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        var wasOffline = existing is not null
            && view.Status(existing.Id, existing.Status, existing.LeaseExpiresAt) == ServiceStatus.Offline;
        var fieldsChanged = existing is not null && !SameFields(existing, service);
        if (existing is null)
        {
            scope.Raise(EventTypes.ServiceRegistered, EventTypes.ServiceKey(id), Payload(service));
        }
        else
        {
            if (fieldsChanged)
            {
                scope.Raise(EventTypes.ServiceUpdated, EventTypes.ServiceKey(id), Payload(service));
            }

            if (wasOffline)
            {
                scope.Raise(EventTypes.ServiceOnline, EventTypes.ServiceKey(id), Payload(service));
            }
        }

        if (service.IsDownloadClient)
        {
            await downloadClients.ApplyAsync(scope, service, wasOffline, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        leases.Set(id, online: true, lease);
        owners.Set(id, service.Name, service.Type);
        return (service, existing is null, fieldsChanged);
    }

    /// <summary>
    /// A heartbeat that needs the database: the service is offline (or its lease lapsed) in this instance's view, or
    /// this instance has not seen it yet. <c>null</c> if the id is unknown.
    /// </summary>
    public async Task<ServiceRecord?> RenewAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var existing = await LockAsync(scope, id, cancellationToken);
        if (existing is null)
        {
            leases.Remove(id);
            return null;
        }

        var service = existing with
        {
            Status = ServiceStatus.Online, LastSeen = scope.Now, LeaseExpiresAt = scope.Now + _lease, OfflineSince = null,
        };

        // Back online only if the offline state was recorded (and announced); a lapsed lease the sweep had not yet
        // recorded raised no event, so its renewal raises none either.
        var raised = existing.Status == ServiceStatus.Offline ? EventTypes.ServiceOnline : null;
        await WriteLivenessAsync(scope, service, raised, cancellationToken);
        return service;
    }

    /// <summary>Graceful shutdown: offline now. <c>false</c> if the id is unknown.</summary>
    public async Task<bool> LeaveAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        if (await LockAsync(scope, id, cancellationToken) is not { } existing)
        {
            return false;
        }

        if (existing.Status != ServiceStatus.Online)
        {
            // Already offline (it left, or the sweep recorded its lapse): nothing to write, nothing to raise.
            leases.Set(id, online: false, scope.Now);
            return true;
        }

        var service = existing with { Status = ServiceStatus.Offline, LeaseExpiresAt = scope.Now, OfflineSince = scope.Now };
        await WriteLivenessAsync(scope, service, EventTypes.ServiceLeft, cancellationToken);
        return true;
    }

    /// <summary>Removes a service and the download-client entry it created. <c>false</c> if the id is unknown.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        if (await LockAsync(scope, id, cancellationToken) is not { } existing)
        {
            return false;
        }

        await RemoveAsync(scope, [existing], cancellationToken);
        await scope.CommitAsync(cancellationToken);
        leases.Remove(id);
        owners.Remove(id);
        return true;
    }

    /// <summary>
    /// Writes a locked service's liveness (status, last heartbeat, lease, offline since), raises
    /// <paramref name="raised"/> if given, commits, and records what the database now holds in this instance's leases.
    /// </summary>
    private async Task WriteLivenessAsync(WriteScope scope, ServiceRecord service, string? raised, CancellationToken cancellationToken)
    {
        await using (var update = scope.Command("""
            UPDATE services SET status = @status, last_seen = @last_seen, lease_expires_at = @lease, sweep_after = @lease,
                offline_since = @offline_since
            WHERE id = @id
            """))
        {
            update.Parameters.AddWithValue("id", service.Id);
            update.Parameters.AddWithValue("status", service.Status);
            update.Parameters.AddWithValue("last_seen", service.LastSeen);
            update.Parameters.AddWithValue("lease", service.LeaseExpiresAt);
            update.Parameters.AddWithValue("offline_since", NpgsqlDbType.TimestampTz, (object?)service.OfflineSince ?? DBNull.Value);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (raised is not null)
        {
            await RaiseStatusChangeAsync(scope, raised, service, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        leases.Set(service.Id, online: service.Status == ServiceStatus.Online, service.LeaseExpiresAt);
    }

    /// <summary>
    /// Raises a change of a service's status (<c>service.online</c>, <c>service.left</c>, <c>service.offline</c>) and,
    /// for a download client, the matching <c>download_client.updated</c> of the entry it owns.
    /// </summary>
    public async Task RaiseStatusChangeAsync(WriteScope scope, string eventType, ServiceRecord service, CancellationToken cancellationToken)
    {
        scope.Raise(eventType, EventTypes.ServiceKey(service.Id), Payload(service));

        // Only a download client owns an entry (its type is part of its identity, so it never changes).
        if (service.IsDownloadClient)
        {
            await downloadClients.StatusChangedAsync(scope, service.Id, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes locked service rows in one statement and raises, for each, <c>service.removed</c> (then
    /// <c>download_client.deleted</c> for the entry a download client owns).
    /// </summary>
    public async Task RemoveAsync(WriteScope scope, IReadOnlyList<ServiceRecord> removed, CancellationToken cancellationToken)
    {
        foreach (var service in removed)
        {
            scope.Raise(EventTypes.ServiceRemoved, EventTypes.ServiceKey(service.Id), Payload(service));

            // Only a download client owns an entry (its type is part of its identity, so it never changes).
            if (service.IsDownloadClient)
            {
                await downloadClients.DeleteOwnedAsync(scope, service.Id, cancellationToken);
            }
        }

        await using var delete = scope.Command("DELETE FROM services WHERE id = ANY(@ids)");
        delete.Parameters.AddWithValue("ids", removed.Select(s => s.Id).ToArray());
        await delete.ExecuteNonQueryAsync(cancellationToken);

        // Every instance drops its cache of service owners: a removed id must stop granting its owner's scope (an id
        // may be registered again, under another name, by a registration that asks for it).
        await PrincipalStore.BumpAsync(scope, cancellationToken);
    }

    public async Task<ServiceRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var select = database.DataSource.CreateCommand($"SELECT {ServiceRecord.Columns} FROM services WHERE id = @id");
        select.Parameters.AddWithValue("id", id);
        return await ReadOneAsync(select, cancellationToken);
    }

    /// <summary>Whether a service with this id exists (for a heartbeat this instance has not seen registered).</summary>
    public async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var select = database.DataSource.CreateCommand("SELECT 1 FROM services WHERE id = @id");
        select.Parameters.AddWithValue("id", id);
        return await select.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Services matching a filter, and the registry index they reflect (read in one snapshot).</summary>
    public async Task<(List<ServiceRecord> Services, long Index)> ListAsync(ServiceFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var (index, _) = await database.ReadIndexAsync(connection, cancellationToken);
        await using var select = ListCommand(filter);
        select.Connection = connection;
        select.Transaction = transaction;
        var services = new List<ServiceRecord>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var service = ServiceRecord.Read(reader);
                if (filter.Status is null || view.Status(service.Id, service.Status, service.LeaseExpiresAt) == filter.Status)
                {
                    services.Add(service);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (services, index);
    }

    /// <summary>
    /// The services matching <paramref name="filter"/>'s type and capability, ordered by name and type. It names only
    /// the filters given, so that PostgreSQL plans each shape once, with the index that serves it.
    /// </summary>
    internal static NpgsqlCommand ListCommand(ServiceFilter filter)
    {
        var select = new NpgsqlCommand();
        var conditions = new List<string>();
        if (filter.Type is { } type)
        {
            conditions.Add("type = @type");
            select.Parameters.AddWithValue("type", type);
        }

        if (filter.Capability is { } capability)
        {
            conditions.Add("capabilities @> ARRAY[@capability::text]");
            select.Parameters.AddWithValue("capability", capability);
        }

        select.CommandText = $"SELECT {ServiceRecord.Columns} FROM services " +
            (conditions.Count > 0 ? $"WHERE {string.Join(" AND ", conditions)} " : "") + "ORDER BY name, type";
        return select;
    }

    public string Payload(ServiceRecord service) =>
        JsonSerializer.Serialize(view.ToDto(service), RegistryJsonContext.Default.ServiceDto);

    private static async Task<ServiceRecord?> LockAsync(WriteScope scope, Guid id, CancellationToken cancellationToken)
    {
        await using var select = scope.Command($"SELECT {ServiceRecord.Columns} FROM services WHERE id = @id FOR UPDATE");
        select.Parameters.AddWithValue("id", id);
        return await ReadOneAsync(select, cancellationToken);
    }

    private static async Task<ServiceRecord?> ReadOneAsync(NpgsqlCommand select, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ServiceRecord.Read(reader) : null;
    }

    // The requested id is used for a new (name, type) unless another service already holds it.
    private static async Task<Guid> ChooseNewIdAsync(WriteScope scope, string? requested, CancellationToken cancellationToken)
    {
        if (requested is null || !Guid.TryParse(requested, out var id))
        {
            return Guid.CreateVersion7();
        }

        // Registrations of different (name, type) asking for one id are not serialised by their own locks: both would
        // find the id free, and the second INSERT fail on the primary key (a 500). A lock on the id serialises them, and
        // the check, a statement of its own, reads what the first committed. It is taken after the (name, type) lock,
        // as by every registration, so two never wait on each other in a cycle.
        await using (var lockId = scope.Command("SELECT pg_advisory_xact_lock(hashtextextended(@id::text, 1))"))
        {
            lockId.Parameters.AddWithValue("id", id);
            await lockId.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var taken = scope.Command("SELECT 1 FROM services WHERE id = @id");
        taken.Parameters.AddWithValue("id", id);
        return await taken.ExecuteScalarAsync(cancellationToken) is null ? id : Guid.CreateVersion7();
    }

    private static bool SameFields(ServiceRecord a, ServiceRecord b) =>
        a.ApiUrl == b.ApiUrl && a.HealthUrl == b.HealthUrl && a.ApiKey == b.ApiKey && a.Version == b.Version
        && a.Capabilities.SequenceEqual(b.Capabilities) && a.Metadata == b.Metadata && a.DeliveryMode == b.DeliveryMode;

    private static void AddFields(NpgsqlCommand command, ServiceRecord service)
    {
        command.Parameters.AddWithValue("id", service.Id);
        command.Parameters.AddWithValue("name", service.Name);
        command.Parameters.AddWithValue("type", service.Type);
        command.Parameters.AddWithValue("api_url", (object?)service.ApiUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("health_url", (object?)service.HealthUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("api_key", (object?)service.ApiKey ?? DBNull.Value);
        command.Parameters.AddWithValue("version", (object?)service.Version ?? DBNull.Value);
        command.Parameters.AddWithValue("capabilities", service.Capabilities);
        command.Parameters.AddWithValue("metadata", (object?)service.Metadata ?? DBNull.Value);
        command.Parameters.AddWithValue("delivery_mode", service.DeliveryMode);
        command.Parameters.AddWithValue("status", service.Status);
        command.Parameters.AddWithValue("registered", service.Registered);
        command.Parameters.AddWithValue("last_seen", service.LastSeen);
        command.Parameters.AddWithValue("lease_expires_at", service.LeaseExpiresAt);
    }
}
