namespace Pulse.Client.Cursors;

/// <summary>Keeps one cursor per stream (an event feed, a relay's deliveries) across restarts.</summary>
public interface ICursorStore
{
    /// <summary>The stream's saved cursor, or null when none was saved yet.</summary>
    /// <exception cref="CorruptCursorException">The saved cursor cannot be read: an error, never a silent reset.</exception>
    Task<string?> ReadAsync(string stream, CancellationToken cancellationToken);

    /// <summary>Saves the stream's cursor. Call it only once what the cursor covers was handled.</summary>
    Task WriteAsync(string stream, string cursor, CancellationToken cancellationToken);
}
