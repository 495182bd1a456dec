using System.Globalization;
using Pulse.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace Pulse.Hosting.Orchestration;

/// <summary>The local <c>redis-server</c> of a <see cref="RedisResource"/>, its data (AOF) under <c>&lt;DataDir&gt;/&lt;name&gt;</c>.</summary>
internal static class RedisInstance
{
    public static async Task<LaunchSpec> PrepareAsync(RedisResource resource, HostContext context, CancellationToken cancellationToken)
    {
        var server = ExecutableSearch.Find("redis-server") ?? throw new ResourceStartException(
            "redis-server not found — apt-get install redis-server, or set ConnectionStrings:" + resource.Name +
            " to use an existing server.");

        var folder = context.ResourceDataDir(resource.Name);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var configFile = Path.Combine(folder, "redis.conf");

        // The file is created 0600 before the password is written to it.
        await using (var stream = new FileStream(configFile, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        await using (var writer = new StreamWriter(stream))
        {
            File.SetUnixFileMode(configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await writer.WriteAsync(Config(resource, folder).AsMemory(), cancellationToken);
        }

        return new LaunchSpec(server, [configFile], folder, new Dictionary<string, string>());
    }

    public static async Task<bool> AnswersPingAsync(RedisResource resource, CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(resource.GetConnectionString());
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 0;
        options.ConnectTimeout = 1000;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken);
            await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return true;
        }
        catch (RedisConnectionException)
        {
            return false; // still starting
        }
    }

    private static string Config(RedisResource resource, string folder) => string.Join('\n',
        $"bind {ResourceEndpoint.Host}",
        $"port {resource.Endpoint.Port.ToString(CultureInfo.InvariantCulture)}",
        "protected-mode yes",
        "daemonize no",
        $"dir {Quote(folder)}",
        "appendonly yes",
        "appendfsync everysec",
        $"requirepass {Quote(resource.Password.Value)}",
        "");

    private static string Quote(string value) => '"' + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + '"';
}
