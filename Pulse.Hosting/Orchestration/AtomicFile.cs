namespace Pulse.Hosting.Orchestration;

/// <summary>Writes a small private file atomically: a <c>0600</c> temp file, flushed, then renamed over the target.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string contents)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
