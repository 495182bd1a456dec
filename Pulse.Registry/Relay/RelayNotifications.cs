namespace Pulse.Registry.Relay;

/// <summary>
/// Listens on the PostgreSQL channel <see cref="Channel"/>, where every append to a delivery log is announced (with
/// <c>pg_notify</c>, sent at commit), so a tail waiting on this registry instance wakes at once for a message stored
/// through another. While not listening, waiting tails re-read the log every <c>Relay:RecheckInterval</c>.
/// </summary>
internal sealed class RelayNotifications(
    NpgsqlDataSource dataSource, DeliverySignals signals, TimeProvider time, ILogger<RelayNotifications> logger) : BackgroundService
{
    public const string Channel = "pulse_relay";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private volatile bool _listening;

    public bool IsListening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    if (Guid.TryParse(notification.Payload, out var serviceId))
                    {
                        signals.Notify(serviceId);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                _listening = true;
                failing = false;

                // Appends announced while this instance was not listening: every tail reads its log again.
                signals.NotifyAll();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException)
            {
                _listening = false;
                if (!failing)
                {
                    Log.RelayListenFailed(logger, exception.GetType().Name);
                }

                failing = true;
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            finally
            {
                _listening = false;
            }
        }
    }
}
