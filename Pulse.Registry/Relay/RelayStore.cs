namespace Pulse.Registry.Relay;

/// <summary>
/// Messages, claims and their state in <c>registrydb</c>. Every change that makes a message claimable appends a
/// delivery in the same transaction. A claim increments the message's epoch; heartbeat, complete and fail must carry
/// the current epoch, so a claimer that lost its lease gets <c>409</c>.
/// </summary>
internal sealed class RelayStore(RegistryDatabase database, DeliverySignals signals, IOptions<RelayOptions> options)
{
    private const string InsertSql = $"""
        INSERT INTO relay_messages ({RelayMessage.Columns}, last_delivery)
        VALUES (@id, @service, @type, @key, @payload, 'pending', NULL, NULL, 0, 0, NULL, @now, @now, 0)
        ON CONFLICT (service_id, key) WHERE status IN ('pending', 'claimed') DO NOTHING
        RETURNING id
        """;

    /// <summary>
    /// Stores a message for a service in poll mode, or coalesces it with the live message of the same key.
    /// <c>Created</c> is false when coalesced. A new message beyond the service's quota (<see cref="RelayQuota"/>) is
    /// refused; a coalesced one adds nothing, so it is taken even when the quota is full.
    /// </summary>
    public async Task<RelayOutcome<(MessageAccepted Message, bool Created)>> PostAsync(
        Guid serviceId, string type, string? key, string payload, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = await database.BeginWriteAsync(cancellationToken);
            string? mode;
            await using (var select = scope.Command("SELECT delivery_mode FROM services WHERE id = @id FOR KEY SHARE"))
            {
                select.Parameters.AddWithValue("id", serviceId);
                mode = await select.ExecuteScalarAsync(cancellationToken) as string;
            }

            if (mode is null)
            {
                return RelayOutcome<(MessageAccepted, bool)>.NotFound("The service");
            }

            if (mode != DeliveryModes.Poll)
            {
                return RelayOutcome<(MessageAccepted, bool)>.Conflict(
                    $"The service is in {mode} delivery mode: only a service in poll mode takes relayed messages.");
            }

            var id = Guid.CreateVersion7();
            await using (var insert = scope.Command(InsertSql))
            {
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("service", serviceId);
                insert.Parameters.AddWithValue("type", type);
                insert.Parameters.AddWithValue("key", (object?)key ?? DBNull.Value);
                insert.Parameters.AddWithValue("payload", payload);
                insert.Parameters.AddWithValue("now", scope.Now);
                if (await insert.ExecuteScalarAsync(cancellationToken) is null)
                {
                    if (await FindLiveAsync(scope, serviceId, key!, cancellationToken) is { } live)
                    {
                        await scope.CommitAsync(cancellationToken);
                        return RelayOutcome<(MessageAccepted, bool)>.Done((live, false));
                    }

                    // The live message finished between the insert and the read: store this one after all.
                    if (attempt < 3)
                    {
                        continue;
                    }

                    throw new InvalidOperationException("A message key kept conflicting with a message that finished.");
                }
            }

            await DeliveryLog.AppendAsync(scope, serviceId, id, attempt: 1, cancellationToken);
            if (await RelayQuota.ExceededAsync(scope, serviceId, options.Value, cancellationToken) is var (quota, detail))
            {
                // Disposing the scope rolls the message and its delivery back.
                return RelayOutcome<(MessageAccepted, bool)>.QuotaFull(quota, detail);
            }

            await scope.CommitAsync(cancellationToken);
            signals.Notify(serviceId);
            return RelayOutcome<(MessageAccepted, bool)>.Done((new MessageAccepted(id, MessageStatus.Pending), true));
        }
    }

    public async Task<RelayMessage?> GetAsync(Guid serviceId, Guid messageId, CancellationToken cancellationToken)
    {
        await using var select = database.DataSource.CreateCommand(
            $"SELECT {RelayMessage.Columns} FROM relay_messages WHERE id = @id AND service_id = @service");
        select.Parameters.AddWithValue("id", messageId);
        select.Parameters.AddWithValue("service", serviceId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? RelayMessage.Read(reader) : null;
    }

    /// <summary>Claims a pending message, or one whose lease expired: a new epoch and a lease of <c>Relay:LeaseDuration</c>.</summary>
    public async Task<RelayOutcome<ClaimDto>> ClaimAsync(Guid serviceId, Guid messageId, CancellationToken cancellationToken)
    {
        var now = database.UtcNow;
        var lease = now + options.Value.LeaseDuration;
        var epoch = await ChangeSoftAsync("""
            UPDATE relay_messages SET status = 'claimed', epoch = epoch + 1, attempts = attempts + 1,
                lease_expires_at = @lease, updated_at = @now
            WHERE id = @id AND service_id = @service AND attempts < @max
                AND (status = 'pending' OR (status = 'claimed' AND lease_expires_at <= @now))
            RETURNING epoch
            """, serviceId, messageId, now, lease, epoch: null, cancellationToken);
        if (epoch is { } claimed)
        {
            return RelayOutcome<ClaimDto>.Done(new ClaimDto(messageId, claimed, lease));
        }

        return await GetAsync(serviceId, messageId, cancellationToken) switch
        {
            null => RelayOutcome<ClaimDto>.NotFound("The message"),
            { Status: var status } when MessageStatus.IsFinished(status) => RelayOutcome<ClaimDto>.Conflict($"The message is already {status}."),
            { Status: MessageStatus.Claimed } message when message.LeaseExpiresAt > now =>
                RelayOutcome<ClaimDto>.Conflict("The message is claimed under a live lease."),
            _ => RelayOutcome<ClaimDto>.Conflict("The message has used all its attempts; the recovery sweep fails it."),
        };
    }

    /// <summary>Extends the lease of the current claim.</summary>
    public async Task<RelayOutcome<ClaimDto>> HeartbeatAsync(Guid serviceId, Guid messageId, long epoch, CancellationToken cancellationToken)
    {
        var now = database.UtcNow;
        var lease = now + options.Value.LeaseDuration;
        if (await ChangeSoftAsync("""
            UPDATE relay_messages SET lease_expires_at = @lease, updated_at = @now
            WHERE id = @id AND service_id = @service AND status = 'claimed' AND epoch = @epoch
            RETURNING epoch
            """, serviceId, messageId, now, lease, epoch, cancellationToken) is not null)
        {
            return RelayOutcome<ClaimDto>.Done(new ClaimDto(messageId, epoch, lease));
        }

        return await GetAsync(serviceId, messageId, cancellationToken) is { } message
            ? RelayOutcome<ClaimDto>.Conflict(StaleDetail(message, epoch))
            : RelayOutcome<ClaimDto>.NotFound("The message");
    }

    /// <summary>Completes the message with its result (any JSON value, as text).</summary>
    public async Task<RelayOutcome<RelayMessage>> CompleteAsync(
        Guid serviceId, Guid messageId, long epoch, string result, CancellationToken cancellationToken)
    {
        // One statement, durably committed: the holder of the latest claim (see HoldsLatestClaim) finishes it.
        await using (var complete = database.DataSource.CreateCommand($"""
            UPDATE relay_messages SET status = 'completed', result = @result, lease_expires_at = NULL, updated_at = @now
            WHERE id = @id AND service_id = @service AND epoch = @epoch AND epoch > 0 AND status IN ('claimed', 'pending')
            RETURNING {RelayMessage.Columns}
            """))
        {
            complete.Parameters.AddWithValue("id", messageId);
            complete.Parameters.AddWithValue("service", serviceId);
            complete.Parameters.AddWithValue("epoch", epoch);
            complete.Parameters.AddWithValue("result", result);
            complete.Parameters.AddWithValue("now", database.UtcNow);
            await using var reader = await complete.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return RelayOutcome<RelayMessage>.Done(RelayMessage.Read(reader));
            }
        }

        return await GetAsync(serviceId, messageId, cancellationToken) is { } message
            ? RelayOutcome<RelayMessage>.Conflict(StaleDetail(message, epoch))
            : RelayOutcome<RelayMessage>.NotFound("The message");
    }

    /// <summary>
    /// Fails the current claim. With <paramref name="retry"/> the message is claimable again (a new delivery) until it
    /// has had <c>Relay:MaxAttempts</c> claims; then, or without retry, it is <c>failed</c>.
    /// </summary>
    public Task<RelayOutcome<RelayMessage>> FailAsync(
        Guid serviceId, Guid messageId, long epoch, string? reason, bool retry, CancellationToken cancellationToken) =>
        ChangeAsync<RelayMessage>(serviceId, messageId, async (scope, message) =>
        {
            if (!HoldsLatestClaim(message, epoch))
            {
                return RelayOutcome<RelayMessage>.Conflict(StaleDetail(message, epoch));
            }

            if (retry && message.Attempts < options.Value.MaxAttempts)
            {
                await UpdateAsync(scope, message.Id, "status = 'pending', reason = @reason, lease_expires_at = NULL, updated_at = @now",
                    command => command.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value), cancellationToken);
                await DeliveryLog.AppendAsync(scope, serviceId, message.Id, message.Attempts + 1, cancellationToken);
                return RelayOutcome<RelayMessage>.Done(message with
                {
                    Status = MessageStatus.Pending, Reason = reason, LeaseExpiresAt = null, UpdatedAt = scope.Now,
                });
            }

            var final = retry ? $"{reason ?? "failed"} (attempt {message.Attempts} of {options.Value.MaxAttempts}: no attempts left)" : reason;
            await UpdateAsync(scope, message.Id, "status = 'failed', reason = @reason, lease_expires_at = NULL, updated_at = @now",
                command => command.Parameters.AddWithValue("reason", (object?)final ?? DBNull.Value), cancellationToken);
            return RelayOutcome<RelayMessage>.Done(message with
            {
                Status = MessageStatus.Failed, Reason = final, LeaseExpiresAt = null, UpdatedAt = scope.Now,
            });
        }, cancellationToken);

    // The claim's holder may finish even after its lease expired, as long as nobody claimed the message since (the
    // epoch is still its own): the work is done, and the delivery the sweep appended is then refused at claim.
    private static bool HoldsLatestClaim(RelayMessage message, long epoch) =>
        epoch > 0 && message.Epoch == epoch && message.Status is MessageStatus.Claimed or MessageStatus.Pending;

    private static string StaleDetail(RelayMessage message, long epoch) =>
        MessageStatus.IsFinished(message.Status)
            ? $"The message is already {message.Status}."
            : message.Epoch != epoch
                ? $"The epoch {epoch} is stale: the message was claimed again (epoch {message.Epoch})."
                : "The message is not claimed: its lease expired.";

    // A claim or a lease renewal is soft state, committed without waiting for the disk: if a crash loses it, the
    // message is simply claimable again (and the claimer's later calls are 409), which at-least-once delivery allows.
    private async Task<long?> ChangeSoftAsync(
        string sql, Guid serviceId, Guid messageId, DateTime now, DateTime lease, long? epoch, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"), new NpgsqlBatchCommand(sql) },
        };
        var change = batch.BatchCommands[1].Parameters;
        change.AddWithValue("id", messageId);
        change.AddWithValue("service", serviceId);
        change.AddWithValue("now", now);
        change.AddWithValue("lease", lease);
        change.AddWithValue("max", options.Value.MaxAttempts);
        change.AddWithValue("epoch", epoch ?? 0);
        long? result = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                result = reader.GetInt64(0);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<RelayOutcome<T>> ChangeAsync<T>(
        Guid serviceId, Guid messageId, Func<WriteScope, RelayMessage, Task<RelayOutcome<T>>> change, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        RelayMessage? message;
        await using (var select = scope.Command(
            $"SELECT {RelayMessage.Columns} FROM relay_messages WHERE id = @id AND service_id = @service FOR UPDATE"))
        {
            select.Parameters.AddWithValue("id", messageId);
            select.Parameters.AddWithValue("service", serviceId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            message = await reader.ReadAsync(cancellationToken) ? RelayMessage.Read(reader) : null;
        }

        if (message is null)
        {
            return RelayOutcome<T>.NotFound("The message");
        }

        var outcome = await change(scope, message);
        if (outcome.Kind == RelayOutcomeKind.Done)
        {
            await scope.CommitAsync(cancellationToken);
            signals.Notify(serviceId);
        }

        return outcome;
    }

    private static async Task UpdateAsync(
        WriteScope scope, Guid id, string set, Action<NpgsqlCommand> parameters, CancellationToken cancellationToken)
    {
        await using var update = scope.Command($"UPDATE relay_messages SET {set} WHERE id = @id");
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("now", scope.Now);
        parameters(update);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<MessageAccepted?> FindLiveAsync(WriteScope scope, Guid serviceId, string key, CancellationToken cancellationToken)
    {
        await using var select = scope.Command(
            "SELECT id, status FROM relay_messages WHERE service_id = @service AND key = @key AND status IN ('pending', 'claimed')");
        select.Parameters.AddWithValue("service", serviceId);
        select.Parameters.AddWithValue("key", key);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new MessageAccepted(reader.GetGuid(0), reader.GetString(1)) : null;
    }
}
