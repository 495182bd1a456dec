using System.Text;
using Haul.Sample.Torrents.Sources;

namespace Haul.Sample.Tests;

public sealed class TorrentSourceTests
{
    [Fact]
    public void ATorrentFilesInfoHashIsTheSha1OfItsBencodedInfoDictionary()
    {
        var (bytes, infoHash) = TorrentFiles.Create("ubuntu.iso", 123_456);

        var torrent = TorrentMetainfo.TryRead(bytes);

        Assert.Equal(new ResolvedTorrent(infoHash, "ubuntu.iso", 123_456), torrent);
    }

    [Fact]
    public void AMultiFileTorrentsSizeIsTheSumOfItsFiles()
    {
        var bytes = Encoding.UTF8.GetBytes("d4:infod5:filesld6:lengthi10eed6:lengthi32eee4:name3:diree");

        Assert.Equal(42, TorrentMetainfo.TryRead(bytes)!.Size);
    }

    [Theory]
    [InlineData("<html>not a torrent</html>")]
    [InlineData("d4:infoi3ee")]
    [InlineData("d4:infod4:name1:xee")]
    [InlineData("d4:infod6:lengthi-0e4:name1:xee")]
    [InlineData("d4:infod6:lengthi1e4:name99:xee")]
    [InlineData("d4:infod6:lengthi1e4:name1:xeee")]
    [InlineData("")]
    public void BytesThatAreNotATorrentFileAreRecognisedAsSuch(string content) =>
        Assert.Null(TorrentMetainfo.TryRead(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void DeeplyNestedBencodeIsRefusedWithoutOverflowingTheStack() =>
        Assert.Null(TorrentMetainfo.TryRead(Encoding.UTF8.GetBytes(new string('l', 100_000))));

    [Fact]
    public void HexAndBase32MagnetsOfOneTorrentGiveTheSameLowercaseInfoHash()
    {
        var hash = TorrentFiles.RandomInfoHash();

        var hex = MagnetLink.Resolve($"magnet:?xt=urn:btih:{hash.ToUpperInvariant()}&dn=Some+Show");
        var base32 = MagnetLink.Resolve($"magnet:?dn=x&xt=urn:btih:{TorrentFiles.Base32(hash)}&xl=77");

        Assert.Equal(hash, hex.Torrent!.InfoHash);
        Assert.Equal("Some Show", hex.Torrent.Name);
        Assert.Equal(hash, base32.Torrent!.InfoHash);
        Assert.Equal(77, base32.Torrent.Size);
    }

    [Theory]
    [InlineData("magnet:?dn=no-hash")]
    [InlineData("magnet:?xt=urn:btih:1234")]
    [InlineData("magnet:?xt=urn:btih:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("magnet:?xt=urn:btih:11111111111111111111111111111111")]
    public void AMagnetWithoutAValidInfoHashIsBadInput(string uri) =>
        Assert.NotNull(MagnetLink.Resolve(uri).Invalid);

    [Fact]
    public void ADataUriWithBadBase64IsBadInputAndOneThatIsNotATorrentCannotBeResolved()
    {
        Assert.NotNull(DataUri.Resolve("data:application/x-bittorrent;base64,@@not-base64@@").Invalid);
        Assert.NotNull(DataUri.Resolve("data:text/plain;base64,aGVsbG8=").Invalid);
        Assert.NotNull(DataUri.Resolve("data:application/x-bittorrent;base64,aGVsbG8=").Unresolvable);
    }
}
