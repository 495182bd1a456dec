using Pulse.Client.Cursors;

namespace Pulse.Client.Tests;

public sealed class CursorStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pulse-cursors-" + Guid.NewGuid().ToString("N"), "cursors");

    [Fact]
    public async Task ASavedCursorIsReadBackByANewStore()
    {
        var ct = TestContext.Current.CancellationToken;
        await new FileCursorStore(_folder).WriteAsync("events", "42", ct);

        Assert.Equal("42", await new FileCursorStore(_folder).ReadAsync("events", ct));
        Assert.Null(await new FileCursorStore(_folder).ReadAsync("deliveries", ct));
    }

    [Fact]
    public async Task ACrashBetweenWriteAndRenameLeavesTheOldCursorIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        await new FileCursorStore(_folder).WriteAsync("events", "41", ct);
        var crashing = new FileCursorStore(_folder, beforeRename: _ => throw new IOException("simulated crash before the rename"));

        await Assert.ThrowsAsync<IOException>(() => crashing.WriteAsync("events", "42", ct));

        Assert.Equal("41", await new FileCursorStore(_folder).ReadAsync("events", ct));
        Assert.Equal(["events.cursor"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ATempFileLeftByAKilledProcessIsIgnored()
    {
        var ct = TestContext.Current.CancellationToken;
        string? leftover = null;
        var killed = new FileCursorStore(_folder, beforeRename: temp =>
        {
            leftover = temp + ".copy";
            File.Copy(temp, leftover);
        });
        await new FileCursorStore(_folder).WriteAsync("events", "7", ct);
        await killed.WriteAsync("events", "8", ct);
        File.WriteAllText(leftover!, "{\"stream\":\"events\",\"cur");

        Assert.Equal("8", await new FileCursorStore(_folder).ReadAsync("events", ct));
    }

    [Fact]
    public async Task TheFolderIs0700AndEachFile0600()
    {
        var ct = TestContext.Current.CancellationToken;
        await new FileCursorStore(_folder).WriteAsync("events", "1", ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "events.cursor")));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"stream\":\"events\"}")]
    [InlineData("{\"stream\":\"other\",\"cursor\":\"5\"}")]
    [InlineData("")]
    public async Task ACorruptFileIsAClearErrorNotASilentReset(string content)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FileCursorStore(_folder);
        var path = Path.Combine(_folder, "events.cursor");
        await File.WriteAllTextAsync(path, content, ct);

        var error = await Assert.ThrowsAsync<CorruptCursorException>(() => store.ReadAsync("events", ct));

        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("")]
    [InlineData("Upper")]
    public async Task AStreamNameThatCouldEscapeTheFolderIsRefused(string stream)
    {
        var store = new FileCursorStore(_folder);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.WriteAsync(stream, "1", TestContext.Current.CancellationToken));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
}
