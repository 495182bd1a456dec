using Pulse.Files;

namespace Pulse.Hosting.LocalServers.Tests;

public sealed class ServiceUserTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pulse-localservers-").FullName;

    [Fact]
    public void AFolderBehindAParentOthersCannotEnterIsAnErrorNamingTheParentAndTheFix()
    {
        var closed = Directory.CreateDirectory(Path.Combine(_root, "closed"), ServiceUser.OwnerOnly).FullName;

        var error = Assert.Throws<InvalidOperationException>(
            () => ServiceUser.EnsureTraversable(Path.Combine(closed, "postgres"), "postgres"));

        Assert.Contains($"'{closed}' is not traversable by others", error.Message, StringComparison.Ordinal);
        Assert.Contains("--AppHost:DataDir=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWhoseParentsOthersCanEnterPasses()
    {
        var open = Directory.CreateDirectory(Path.Combine(_root, "open"), ServiceUser.Traversable).FullName;
        File.SetUnixFileMode(_root, ServiceUser.Traversable);

        ServiceUser.EnsureTraversable(Path.Combine(open, "postgres"), "postgres");
    }

    [Fact]
    public void AsRootTheServerRunsAsItsOwnUserThroughSetprivWhichExecsIt()
    {
        var (command, arguments) = ServiceUser.Exec("postgres", "/usr/lib/postgresql/15/bin/postgres");

        Assert.Equal("setpriv", command);
        Assert.Equal(["--reuid=postgres", "--regid=postgres", "--init-groups", "--", "/usr/lib/postgresql/15/bin/postgres"], arguments);
        Assert.Equal(("/usr/bin/redis-server", Array.Empty<string>()), ServiceUser.Exec(null, "/usr/bin/redis-server"));
    }

    [Fact]
    public async Task APrivateFileIsReadableByItsOwnerAlone()
    {
        var path = Path.Combine(_root, "secret");

        PrivateFile.WriteAllText(path, "s3cret");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("s3cret", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void APrivateFileRewrittenHoldsOnlyTheNewContentLeavesNoTempFileAndKeepsItsFolderTraversable()
    {
        // The folder of PostgreSQL's password file must stay traversable for the postgres user.
        var folder = Directory.CreateDirectory(Path.Combine(_root, "server"), ServiceUser.Traversable).FullName;
        var path = Path.Combine(folder, "initdb-password");

        PrivateFile.WriteAllText(path, "a much longer first secret");
        PrivateFile.WriteAllText(path, "second");

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(ServiceUser.Traversable, File.GetUnixFileMode(folder));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
