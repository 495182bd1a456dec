namespace Pulse.Hosting.Orchestration;

/// <summary>
/// The host's data folder: one host at a time (a lock that the OS releases even when the host is killed), the
/// ledger of its processes, and <c>--fresh</c>.
/// </summary>
internal sealed class DataFolder(string path, TimeProvider time) : IDisposable
{
    private const string HostFolderName = ".host";
    private FileStream? _lock;

    public string Path { get; } = path;

    private string HostFolder => System.IO.Path.Combine(Path, HostFolderName);

    public ProcessLedger Ledger => new(System.IO.Path.Combine(HostFolder, "processes"), time);

    /// <summary>Creates the folder (traversable, so the postgres user can reach its own folder below) and takes the lock.</summary>
    public void Acquire()
    {
        Directory.CreateDirectory(Path, FolderAccess.Traversable);
        Directory.CreateDirectory(HostFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            // FileShare.None is an exclusive flock on Unix, released by the kernel when the process dies.
            _lock = new FileStream(System.IO.Path.Combine(HostFolder, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new ResourceStartException(
                $"Another AppHost is using the data folder {Path} — stop it first, or choose another folder with --AppHost:DataDir=<folder>.");
        }
    }

    /// <summary>Deletes everything in the folder but the host's own lock and ledger.</summary>
    public void Wipe()
    {
        foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos())
        {
            if (entry.Name == HostFolderName)
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
