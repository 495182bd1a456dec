using System.Text.RegularExpressions;
using Pulse.Files;

namespace Pulse.Client.Cursors;

/// <summary>
/// A cursor per stream in <c>&lt;folder&gt;/&lt;stream&gt;.cursor</c>: the folder is <c>0700</c>, each file <c>0600</c>,
/// written atomically (temp file, flush, rename), so a crash keeps the previous cursor. A corrupt file throws
/// <see cref="CorruptCursorException"/> rather than silently starting over.
/// </summary>
public sealed partial class FileCursorStore : ICursorStore
{
    private readonly string _folder;
    private readonly Action<string>? _beforeRename;

    /// <summary>Keeps cursors in <paramref name="folder"/> (for example <c>&lt;DataDir&gt;/cursors</c>), created if needed.</summary>
    public FileCursorStore(string folder) : this(folder, beforeRename: null)
    {
    }

    // beforeRename lets tests simulate a crash between the write and the rename.
    internal FileCursorStore(string folder, Action<string>? beforeRename)
    {
        _folder = Path.GetFullPath(folder);
        _beforeRename = beforeRename;
        PrivateFile.EnsureFolder(_folder);
    }

    /// <inheritdoc />
    public async Task<string?> ReadAsync(string stream, CancellationToken cancellationToken)
    {
        var path = PathOf(stream);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        CursorFile? file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, CursorJsonContext.Default.CursorFile);
        }
        catch (JsonException exception)
        {
            throw new CorruptCursorException(path, "not valid JSON", exception);
        }

        if (file is null || string.IsNullOrEmpty(file.Cursor))
        {
            throw new CorruptCursorException(path, "no cursor in it");
        }

        if (file.Stream != stream)
        {
            throw new CorruptCursorException(path, $"it belongs to stream '{file.Stream}'");
        }

        return file.Cursor;
    }

    /// <inheritdoc />
    public Task WriteAsync(string stream, string cursor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cursor);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new CursorFile(stream, cursor), CursorJsonContext.Default.CursorFile);
        cancellationToken.ThrowIfCancellationRequested();
        // A cursor file is a few dozen bytes: a synchronous write and flush is cheaper than an async one.
        PrivateFile.WriteAllBytes(PathOf(stream), bytes, _beforeRename);
        return Task.CompletedTask;
    }

    private string PathOf(string stream)
    {
        if (!StreamName().IsMatch(stream))
        {
            throw new ArgumentException($"Stream name '{stream}' must be 1 to 100 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.", nameof(stream));
        }

        return Path.Combine(_folder, stream + ".cursor");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex StreamName();
}
