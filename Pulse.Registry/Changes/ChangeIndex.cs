namespace Pulse.Registry.Changes;

/// <summary>
/// This instance's view of the registry index, and the signal that wakes blocking reads and event long
/// polls. Local commits advance it at once; the Redis stream and a periodic read of PostgreSQL bring other
/// instances' changes.
/// </summary>
internal sealed class ChangeIndex
{
    private readonly TimeProvider time;
    private readonly Lock _gate = new();
    private long _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _parkedReads;
    private bool _stopping;

    public ChangeIndex(TimeProvider time, IHostApplicationLifetime lifetime)
    {
        this.time = time;

        // A registry that is stopping answers its parked reads at once, with what they would get when their wait
        // ends, instead of holding the shutdown (and its clients) for up to ten minutes.
        lifetime.ApplicationStopping.Register(Stop);
    }

    /// <summary>The registry is stopping: long polls answer now rather than wait.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping);

    public long Current => Volatile.Read(ref _current);

    /// <summary>How many requests (blocking reads, event long polls) are waiting on the index right now.</summary>
    public int ParkedReads => Volatile.Read(ref _parkedReads);

    /// <summary>A change with this index was committed or seen: the index only moves forward.</summary>
    public void Advance(long index)
    {
        TaskCompletionSource? fired = null;
        lock (_gate)
        {
            if (index > _current)
            {
                _current = index;
                fired = Swap();
            }
        }

        fired?.TrySetResult();
    }

    /// <summary>The index as stored: may move backwards, after the database lost its data.</summary>
    public void Reset(long index)
    {
        TaskCompletionSource? fired = null;
        lock (_gate)
        {
            if (index != _current)
            {
                _current = index;
                fired = Swap();
            }
        }

        fired?.TrySetResult();
    }

    /// <summary>
    /// Waits until the index moves past <paramref name="storedIndex"/> (just read from PostgreSQL), or
    /// <paramref name="wait"/> ends.
    /// </summary>
    /// <returns>Whether the index changed.</returns>
    public async Task<bool> WaitBeyondAsync(long storedIndex, TimeSpan wait, CancellationToken cancellationToken)
    {
        Advance(storedIndex);
        Interlocked.Increment(ref _parkedReads);
        try
        {
            return await WaitForChangeAsync(storedIndex, wait, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _parkedReads);
        }
    }

    /// <summary>Waits until the index is no longer <paramref name="index"/>, or <paramref name="wait"/> ends.</summary>
    /// <returns>Whether the index changed.</returns>
    public async Task<bool> WaitForChangeAsync(long index, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_current != index)
                {
                    return true;
                }

                if (_stopping)
                {
                    return false;
                }

                changed = _changed.Task;
            }

            var remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(remaining, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    private void Stop()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            _stopping = true;
            fired = Swap();
        }

        fired.TrySetResult();
    }

    private TaskCompletionSource Swap()
    {
        var fired = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return fired;
    }
}
