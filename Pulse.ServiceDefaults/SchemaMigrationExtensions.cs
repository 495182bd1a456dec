using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pulse.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>Applies a service's <see cref="SchemaMigrations"/> at start, before the server listens.</summary>
public static class SchemaMigrationExtensions
{
    /// <summary>
    /// Adds a hosted service that applies <paramref name="migrations"/> through the service's <see cref="NpgsqlDataSource"/>
    /// when the host starts, tried again on a transient database failure (<see cref="DatabaseStartup"/>). Hosted services
    /// start in the order they are added: add this one before any that reads the database.
    /// </summary>
    /// <param name="services">The service's services.</param>
    /// <param name="migrations">The schema's scripts and advisory lock.</param>
    public static IServiceCollection AddSchemaMigrations(this IServiceCollection services, SchemaMigrations migrations) =>
        services.AddHostedService(provider => new SchemaMigrationService(
            migrations, provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<ILogger<SchemaMigrations>>()));

    private sealed class SchemaMigrationService(SchemaMigrations migrations, NpgsqlDataSource dataSource, ILogger logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            DatabaseStartup.RunAsync(ct => migrations.ApplyAsync(dataSource, logger, ct), logger, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
