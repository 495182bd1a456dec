using StackExchange.Redis;

namespace Pulse.Registry.Events;

/// <summary>
/// The registry's Redis event stream, its keys named in one place: the stream itself (<c>Registry:EventStream</c>) and,
/// beside it, the roster of live registry instances.
/// </summary>
internal sealed class EventStream(IConnectionMultiplexer redis, IOptions<RegistryOptions> options)
{
    public RedisKey Key { get; } = options.Value.EventStream;

    public RedisKey RosterKey { get; } = options.Value.EventStream + ":instances";

    public bool IsConnected => redis.IsConnected;

    public IDatabase Database() => redis.GetDatabase();
}
