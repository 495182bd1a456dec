using Npgsql;
using Pulse.Files;

namespace Pulse.Hosting.LocalServers;

/// <summary>The data folder of a <see cref="LocalPostgresServerResource"/>: created once, checked before each start.</summary>
internal static class PostgresCluster
{
    public static async Task PrepareAsync(LocalPostgresServerResource server, string binDirectory, string? osUser, CancellationToken cancellationToken)
    {
        var serverDirectory = server.WorkingDirectory;
        if (osUser is not null)
        {
            ServiceUser.EnsureTraversable(serverDirectory, osUser);
        }

        Directory.CreateDirectory(serverDirectory, ServiceUser.Traversable);
        if (!File.Exists(InitializedMarker(server)))
        {
            await InitializeAsync(server, binDirectory, osUser, cancellationToken);
        }

        RemoveStalePidFile(server);
    }

    public static async Task CreateDatabaseAsync(LocalPostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(LocalPostgresBuilderExtensions.ServerConnectionString(database.Parent))
        {
            Pooling = false,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await CreateDatabaseIfMissingAsync(connection, database.DatabaseName, cancellationToken);
    }

    // Written after initdb succeeded, so an initdb cut off half-way is redone rather than trusted.
    private static string InitializedMarker(LocalPostgresServerResource server) => Path.Combine(server.WorkingDirectory, "initialized");

    private static async Task InitializeAsync(LocalPostgresServerResource server, string binDirectory, string? osUser, CancellationToken cancellationToken)
    {
        if (Directory.Exists(server.DataDirectory))
        {
            Directory.Delete(server.DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(server.DataDirectory, ServiceUser.OwnerOnly);
        var passwordFile = Path.Combine(server.WorkingDirectory, "initdb-password");
        var password = await server.GetPasswordAsync(cancellationToken);
        PrivateFile.WriteAllText(passwordFile, password);
        try
        {
            if (osUser is not null)
            {
                await ServiceUser.RunAsync(null, "chown", ["-R", $"{osUser}:", server.DataDirectory, passwordFile], cancellationToken);
            }

            await ServiceUser.RunAsync(osUser, Path.Combine(binDirectory, "initdb"),
                ["-D", server.DataDirectory, "--auth=scram-sha-256", $"--username={LocalPostgresServerResource.SuperUser}",
                 $"--pwfile={passwordFile}", "--encoding=UTF8", "--no-locale", "--no-instructions", "--no-sync"],
                cancellationToken);

            // initdb's own sync flushes its files one by one (1.8 s of its 2 s here); one flush of the file system
            // after it leaves the new cluster just as safe on disk, for 0.05 s.
            await ServiceUser.RunAsync(null, "sync", OperatingSystem.IsLinux() ? ["-f", server.DataDirectory] : [], cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        await File.WriteAllTextAsync(InitializedMarker(server), "initdb done\n", cancellationToken);
    }

    // A postmaster killed with an earlier AppHost leaves its pid file behind, and PostgreSQL refuses to start while the
    // pid it names runs. A pid file whose process is gone is stale; one whose process runs is another server on this
    // data folder, which is an error worth naming.
    private static void RemoveStalePidFile(LocalPostgresServerResource server)
    {
        var pidFile = Path.Combine(server.DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            return;
        }

        if (Directory.Exists($"/proc/{pid}") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "postgres")
        {
            throw new InvalidOperationException(
                $"Another PostgreSQL (pid {pid}) runs on {server.DataDirectory} — stop it, or choose another data folder with --AppHost:DataDir=<folder>.");
        }

        File.Delete(pidFile);
    }

    private static async Task CreateDatabaseIfMissingAsync(NpgsqlConnection connection, string databaseName, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = databaseName } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        // CREATE DATABASE cannot run in a transaction block, so it runs alone, with the name quoted as an identifier.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName.Replace("\"", "\"\"")}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // created meanwhile by someone else: fine
        }
    }
}
