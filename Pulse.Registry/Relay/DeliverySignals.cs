using System.Collections.Concurrent;

namespace Pulse.Registry.Relay;

/// <summary>
/// Wakes the tails waiting on a service's delivery log. A waiter takes <see cref="Next"/> before it reads the log, so
/// an append that commits between its read and its wait still wakes it.
/// </summary>
internal sealed class DeliverySignals
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _signals = new();
    private bool _stopping;

    public DeliverySignals(IHostApplicationLifetime lifetime)
    {
        // A registry that is stopping answers its waiting tails at once instead of holding the shutdown.
        lifetime.ApplicationStopping.Register(() =>
        {
            Volatile.Write(ref _stopping, true);
            NotifyAll();
        });
    }

    /// <summary>The registry is stopping: tails answer now rather than wait.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping);

    /// <summary>Completes at the next append to the service's log.</summary>
    public Task Next(Guid serviceId) =>
        _signals.GetOrAdd(serviceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Whether a reader of the service's log holds <see cref="Next"/> and no append has come since (a tail waiting).</summary>
    public bool IsAwaited(Guid serviceId) => _signals.ContainsKey(serviceId);

    public void Notify(Guid serviceId)
    {
        if (_signals.TryRemove(serviceId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    /// <summary>Wakes every waiter (for example when notifications from other instances may have been missed).</summary>
    public void NotifyAll()
    {
        foreach (var serviceId in _signals.Keys)
        {
            Notify(serviceId);
        }
    }
}
