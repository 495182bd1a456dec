using Npgsql;
using Pulse.Hosting.ApplicationModel;

namespace Pulse.Hosting.Orchestration;

/// <summary>
/// The local PostgreSQL server of a <see cref="PostgresServerResource"/>: its data folder under
/// <c>&lt;DataDir&gt;/&lt;name&gt;/data</c>, created once with <c>initdb</c>, run as the <c>postgres</c> user when the
/// host is root (PostgreSQL refuses to run as root).
/// </summary>
internal sealed class PostgresInstance(PostgresServerResource resource, HostContext context)
{
    private const string OsUser = "postgres";

    private string ServerDir => context.ResourceDataDir(resource.Name);

    private string DataDir => Path.Combine(ServerDir, "data");

    // Written after initdb succeeded, so an initdb cut off half-way is redone rather than trusted.
    private string InitializedMarker => Path.Combine(ServerDir, "initialized");

    public async Task<LaunchSpec> PrepareAsync(CancellationToken cancellationToken)
    {
        var binDir = PostgresBinaries.Find(context.Options.PostgresBinDir);
        var runAs = HostContext.ServiceUserWhenRoot(OsUser);
        if (runAs is not null)
        {
            FolderAccess.EnsureTraversable(ServerDir, OsUser);
        }

        Directory.CreateDirectory(ServerDir, FolderAccess.Traversable);
        if (!File.Exists(InitializedMarker))
        {
            await InitializeAsync(binDir, runAs, cancellationToken);
        }

        RemoveStalePidFile();

        return new LaunchSpec(
            Path.Combine(binDir, "postgres"),
            ["-D", DataDir, "-p", resource.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-h", ResourceEndpoint.Host, "-k", DataDir],
            ServerDir,
            new Dictionary<string, string>(),
            runAs);
    }

    public static async Task<bool> AcceptsConnectionsAndHasDatabasesAsync(
        PostgresServerResource resource, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(resource.GetConnectionString())
        {
            Database = "postgres",
            Pooling = false,
            Timeout = 2,
        }.ConnectionString;

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            foreach (var database in resource.Databases)
            {
                await CreateDatabaseIfMissingAsync(connection, database.DatabaseName, cancellationToken);
            }

            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            throw new ResourceStartException(
                $"PostgreSQL '{resource.Name}' rejected the '{resource.Password.Name}' password: its data folder was " +
                "initialized with another one. Start with the original password (Parameters:" + resource.Password.Name +
                "), or wipe the data with --fresh.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return false; // still starting
        }
    }

    public void RequestFastShutdown(ManagedProcess process)
    {
        // SIGINT is PostgreSQL's fast shutdown. When the host is root the child is runuser, which would answer a
        // signal with SIGTERM (a "smart" shutdown that waits for clients) and then SIGKILL, so signal the postmaster.
        if (PostmasterPid() is { } postmaster)
        {
            Signals.Send(postmaster, Signals.SIGINT);
        }
        else
        {
            process.Signal(Signals.SIGINT);
        }
    }

    private string PidFile => Path.Combine(DataDir, "postmaster.pid");

    private int? PostmasterPid() =>
        File.Exists(PidFile) && int.TryParse(File.ReadLines(PidFile).FirstOrDefault(), out var pid) ? pid : null;

    // A postmaster killed with an earlier host can linger as a zombie until it is reaped, and PostgreSQL takes a
    // zombie's pid file for a live server. The host holds the data folder's lock, so a pid file whose process does not
    // run is stale; one whose process runs is another server on this data folder, which is an error.
    private void RemoveStalePidFile()
    {
        if (PostmasterPid() is not { } pid)
        {
            return;
        }

        if (ProcFs.IsRunning(pid))
        {
            throw new ResourceStartException(
                $"Another PostgreSQL (pid {pid}) runs on {DataDir} — stop it, or choose another data folder with --AppHost:DataDir=<folder>.");
        }

        File.Delete(PidFile);
    }

    private async Task InitializeAsync(string binDir, string? runAs, CancellationToken cancellationToken)
    {
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }

        Directory.CreateDirectory(DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var passwordFile = Path.Combine(ServerDir, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, resource.Password.Value, cancellationToken);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (runAs is not null)
            {
                await FolderAccess.ChownAsync(runAs, context.Time, cancellationToken, DataDir, passwordFile);
            }

            await ToolRunner.RunAsync(
                new LaunchSpec(
                    Path.Combine(binDir, "initdb"),
                    ["-D", DataDir, "--auth=scram-sha-256", $"--username={PostgresServerResource.SuperUser}",
                     $"--pwfile={passwordFile}", "--encoding=UTF8", "--no-locale", "--no-instructions"],
                    ServerDir,
                    new Dictionary<string, string>(),
                    runAs),
                "initdb",
                context.Time,
                cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        await File.WriteAllTextAsync(InitializedMarker, context.Time.GetUtcNow().ToString("O"), cancellationToken);
    }

    private static async Task CreateDatabaseIfMissingAsync(
        NpgsqlConnection connection, string databaseName, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = databaseName } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        // CREATE DATABASE cannot run in a transaction block, so it runs alone; the name was validated as an identifier.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
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
