namespace Pulse.Client.Cursors;

/// <summary>A saved cursor file exists but cannot be read. Fix or remove the file named in the message.</summary>
public sealed class CorruptCursorException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CorruptCursorException(string path, string problem, Exception? inner = null)
        : base($"The cursor file '{path}' is corrupt ({problem}). Remove it to read the stream from its start, or restore it.", inner)
    {
        Path = path;
    }

    /// <summary>The corrupt file.</summary>
    public string Path { get; }
}
