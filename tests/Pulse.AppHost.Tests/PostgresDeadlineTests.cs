using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Pulse.AppHost.Tests;

public sealed class PostgresDeadlineTests
{
    [Fact]
    public void AConnectionStringWithoutDeadlinesGetsFiveSecondsToConnectTenPerCommandAndOneToCancel()
    {
        var connectionString = new NpgsqlConnectionStringBuilder("Host=localhost;Port=5432;Database=registrydb");

        PostgresClientExtensions.ApplyDeadlines(connectionString);

        Assert.Equal(5, connectionString.Timeout);
        Assert.Equal(10, connectionString.CommandTimeout);
        Assert.Equal(1000, connectionString.CancellationTimeout);
    }

    [Fact]
    public void DeadlinesTheConnectionStringSetsAreKept()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(
            "Host=localhost;Database=registrydb;Timeout=20;Command Timeout=60;Cancellation Timeout=-1");

        PostgresClientExtensions.ApplyDeadlines(connectionString);

        Assert.Equal(20, connectionString.Timeout);
        Assert.Equal(60, connectionString.CommandTimeout);
        Assert.Equal(-1, connectionString.CancellationTimeout);
    }
}
