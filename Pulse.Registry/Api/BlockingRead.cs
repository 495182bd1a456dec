using System.Collections.Concurrent;
using Pulse.Client;

namespace Pulse.Registry.Api;

/// <summary>
/// A Consul-style blocking read: with <c>?index=N</c>, answers at once if the index is not N, else when it
/// changes, else with the unchanged result when <c>wait</c> ends. The answer carries <c>X-Pulse-Index</c>. A reader
/// waits on the index alone; readers woken by one change share one load per query, so a thousand waiters cost one
/// database read, not a thousand, and hold no copy of the result while they wait.
/// </summary>
internal sealed class BlockingRead(RegistryDatabase database, ChangeIndex changes, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _loads = new(StringComparer.Ordinal);

    public async Task<(T Value, ValidationProblem? Problem)> RunAsync<T>(
        HttpResponse response, string? index, string? wait, string queryKey,
        Func<CancellationToken, Task<(T Value, long Index)>> load, CancellationToken cancellationToken)
        where T : class
    {
        if (!BlockingQuery.TryParse(index, wait, BlockingQuery.DefaultWait, out var query, out var problem))
        {
            return (null!, problem);
        }

        T value;
        long current;
        if (query.Index is { } parkedAt)
        {
            // A blocking read answers by its wait plus a margin, whatever PostgreSQL does.
            using var deadline = new LongPollDeadline(query.Wait, time, cancellationToken);
            (value, current) = await ReadBlockingAsync(parkedAt, query.Wait, queryKey, load, deadline);
        }
        else
        {
            (value, current) = await load(cancellationToken);
        }

        response.Headers[PulseHeaders.Index] = current.ToString(CultureInfo.InvariantCulture);
        return (value, null);
    }

    private async Task<(T Value, long Index)> ReadBlockingAsync<T>(
        long parkedAt, TimeSpan wait, string queryKey, Func<CancellationToken, Task<(T Value, long Index)>> load, LongPollDeadline deadline)
    {
        if (await deadline.RunAsync(database.ReadIndexAsync) != parkedAt)
        {
            return await deadline.RunAsync(load);
        }

        // A reader parks on the index alone: it reads the index, not the result, and holds no copy of the result while
        // it waits (a thousand readers of a large list held a thousand copies). Readers answered together share one
        // read of the result.
        var changed = await changes.WaitBeyondAsync(parkedAt, wait, deadline.Token);
        var (value, current) = await SharedLoadAsync(queryKey, load, deadline.Token);
        if (changed && current == parkedAt)
        {
            // The shared read started before this change committed: read again.
            (value, current) = await deadline.RunAsync(load);
        }

        return (value, current);
    }

    private async Task<(T Value, long Index)> SharedLoadAsync<T>(
        string queryKey, Func<CancellationToken, Task<(T Value, long Index)>> load, CancellationToken cancellationToken)
    {
        var key = $"{typeof(T).Name}|{queryKey}";
        var shared = _loads.GetOrAdd(key, _ => new Lazy<Task<object>>(() => LoadOnceAsync(key, load)));
        return (ValueTuple<T, long>)await shared.Value.WaitAsync(cancellationToken);
    }

    private Task<object> LoadOnceAsync<T>(string key, Func<CancellationToken, Task<(T Value, long Index)>> load)
    {
        // The readers' continuations run on the thread pool, not one after another on the thread that completes the
        // read: a thousand answers then use every core.
        var loaded = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = ShareAsync();
        return loaded.Task;

        async Task ShareAsync()
        {
            var read = ReadAsync();
            await ((Task)read).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _loads.TryRemove(key, out Lazy<Task<object>>? _);
            loaded.SetFromTask(read);
        }

        // Not the first caller's token: one reader going away must not fail the others' shared read.
        async Task<object> ReadAsync() => await load(CancellationToken.None);
    }
}
