using System.Data.Common;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The PostgreSQL client of a Pulse service: Aspire's Npgsql integration (one <see cref="NpgsqlDataSource"/>) with
/// deadlines, so a PostgreSQL that hangs fails work within seconds instead of holding it for Npgsql's defaults
/// (15 s to connect, 30 s per command), and the <c>postgres</c> health check.
/// </summary>
public static class PostgresClientExtensions
{
    /// <summary>How long opening a connection may take, waiting for a free one in the pool included.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one command may run, a wait for a row lock included. Background work under load and lock contention
    /// needs more than a request may wait: a request is bounded by its own deadline (<c>WithDependencyDeadline</c>).
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a timed-out or cancelled command waits for the server to confirm the cancel before the connection is dropped.</summary>
    public static readonly TimeSpan CancellationTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Adds the <see cref="NpgsqlDataSource"/> of <paramref name="connectionName"/> (Aspire's own health check off) with
    /// the deadlines of <see cref="ApplyDeadlines"/>, and the <c>postgres</c> check of
    /// <see cref="HealthCheckExtensions.AddPostgresHealthCheck"/>.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="connectionName">The connection string's name (the AppHost's database resource).</param>
    /// <param name="configureDataSourceBuilder">More settings of the data source.</param>
    public static TBuilder AddPostgresClient<TBuilder>(
        this TBuilder builder, string connectionName, Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddNpgsqlDataSource(connectionName,
            settings => settings.DisableHealthChecks = true,
            dataSource =>
            {
                ApplyDeadlines(dataSource.ConnectionStringBuilder);
                configureDataSourceBuilder?.Invoke(dataSource);
            });
        builder.AddPostgresHealthCheck();
        return builder;
    }

    /// <summary>
    /// Sets <c>Timeout</c>, <c>Command Timeout</c> and <c>Cancellation Timeout</c> to <see cref="ConnectTimeout"/>,
    /// <see cref="CommandTimeout"/> and <see cref="CancellationTimeout"/>, each unless the connection string sets it.
    /// </summary>
    /// <param name="connectionString">The data source's connection string.</param>
    public static void ApplyDeadlines(NpgsqlConnectionStringBuilder connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString.ConnectionString };
        if (!given.ContainsKey("Timeout"))
        {
            connectionString.Timeout = (int)ConnectTimeout.TotalSeconds;
        }

        if (!given.ContainsKey("Command Timeout"))
        {
            connectionString.CommandTimeout = (int)CommandTimeout.TotalSeconds;
        }

        if (!given.ContainsKey("Cancellation Timeout"))
        {
            connectionString.CancellationTimeout = (int)CancellationTimeout.TotalMilliseconds;
        }
    }
}
