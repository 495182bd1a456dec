using System.Text;

namespace Pulse.Files;

// One source, compiled into two assemblies: the SDK (Pulse.Client, whose own part of the class makes it public for
// the services) and the hosting extension (Pulse.Hosting.LocalServers, whose part makes it internal). The AppHost
// must not depend on the SDK, and a library of one class is not worth a package of its own.

/// <summary>
/// Private files and folders written atomically: a <c>0600</c> temp file in the same folder, flushed to disk, then
/// renamed over the target, so a crash leaves either the old content or the new one, never a mix, and no one but
/// the owner ever reads the content.
/// </summary>
#pragma warning disable IDE0040 // the accessibility is stated by each assembly's own part
static partial class PrivateFile
#pragma warning restore IDE0040
{
    /// <summary>Owner read and write: <c>0600</c>.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner read, write and search: <c>0700</c>.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and its parents) if needed, and makes it <c>0700</c>.</summary>
    public static void EnsureFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>
    /// Writes <paramref name="contents"/> (UTF-8, no byte-order mark) to <paramref name="path"/> atomically, with mode
    /// <c>0600</c>. The folder must exist; its mode is left as it is.
    /// </summary>
    public static void WriteAllText(string path, string contents) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(contents));

    /// <summary>
    /// Writes <paramref name="contents"/> to <paramref name="path"/> atomically, with mode <c>0600</c>. The folder must
    /// exist; its mode is left as it is.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents) => WriteAllBytes(path, contents, beforeRename: null);

    // beforeRename lets tests simulate a crash between the write and the rename.
    internal static void WriteAllBytes(string path, ReadOnlySpan<byte> contents, Action<string>? beforeRename)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var streamOptions = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                streamOptions.UnixCreateMode = FileMode;
            }

            using (var stream = new FileStream(temp, streamOptions))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            beforeRename?.Invoke(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // best effort: a stale temp file is harmless and never read
        }
    }
}
