namespace Pulse.Client;

/// <summary>
/// Private files and folders written atomically: a <c>0600</c> temp file in the same folder, flushed to disk, then
/// renamed over the target, so a crash leaves either the old content or the new one, never a mix.
/// </summary>
public static class PrivateFile
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

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically, with mode <c>0600</c>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents) => WriteAllBytes(path, contents, beforeRename: null);

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
