using System.Diagnostics;
using System.Globalization;

namespace Pulse.AppHost.Bench;

/// <summary>
/// A throw-away PostgreSQL cluster (trust authentication, loopback only) for the baseline service, started before the
/// baseline is timed: the service alone is timed, not its database. Run as the <c>postgres</c> OS user when the bench
/// runs as root, since PostgreSQL refuses root.
/// </summary>
internal sealed class BaselineDatabase : IAsyncDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private readonly string _bin;
    private readonly string _folder;

    private BaselineDatabase(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(_folder, "data");

    public string ConnectionString(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}");

    public static async Task<BaselineDatabase> StartAsync()
    {
        var bin = BinDirectory();
        var folder = Directory.CreateDirectory(Path.Combine("/tmp", "pulse-bench-pg-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres:", folder);
        }

        var database = new BaselineDatabase(bin, folder, Ports.Free());
        await database.RunAsPostgresAsync("initdb", "-D", database.Data, "--auth=trust", "--username=postgres", "--no-locale", "-E", "UTF8", "--no-instructions");
        await database.RunAsPostgresAsync("pg_ctl", "-D", database.Data, "-l", Path.Combine(folder, "log"), "-w", "-o",
            string.Create(CultureInfo.InvariantCulture, $"-p {database.Port} -h 127.0.0.1 -k {database.Data}"), "start");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsPostgresAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");
        Directory.Delete(_folder, recursive: true);
    }

    private static string BinDirectory()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(folder => Path.Combine(folder, "bin"))
            : [];
        return path.Concat(debian).FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL not found (initdb and pg_ctl, on PATH or under /usr/lib/postgresql/<version>/bin).");
    }

    private Task RunAsPostgresAsync(string tool, params string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(ToolTimeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {await output}{await error}");
        }
    }
}
