using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Haul.Sample.Torrents.Sources;
using Pulse.ServiceDefaults;

namespace Haul.Sample.Tests;

/// <summary>
/// Haul's fetch policy through its real API: loopback (by address, by name, IPv4-mapped, unspecified), link-local and
/// the cloud metadata address are refused before any connection, on the first url or on a redirect, and the caller
/// learns only "refused" or "failed". The graph's Haul allows 127.0.0.2 alone, where the <see cref="TorrentServer"/> is.
/// </summary>
[Collection(HaulGraphCollection.Name)]
public sealed class FetchGuardTests(HaulGraphFixture graph)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("localhost", false)]
    [InlineData("[::ffff:127.0.0.1]", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("[::1]", true)]
    [InlineData("[::]", true)]
    public async Task AFetchOfALoopbackUrlIsRefusedAndTheListenerThereReceivesNothing(string host, bool ipv6)
    {
        using var listener = new SilentListener(ipv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback);
        using var haul = graph.CreateClient();

        await AssertRefusedAsync(haul, listener.Url(host));

        Assert.False(listener.WasConnectedTo, $"Haul connected to {host}");
        await AssertTheListenerWouldHaveSeenAConnectionAsync(listener, host);
    }

    [Fact]
    public async Task ARedirectFromAnAllowedServerToLoopbackIsRefusedAndTheLoopbackTargetReceivesNothing()
    {
        using var listener = new SilentListener(IPAddress.Loopback);
        using var haul = graph.CreateClient();

        await AssertRefusedAsync(haul, graph.Torrents.Redirects(1, listener.Url("127.0.0.1")));
        await AssertRefusedAsync(haul, graph.Torrents.Redirects(2, listener.Url("localhost")));

        Assert.False(listener.WasConnectedTo, "Haul followed a redirect to loopback");
        await AssertTheListenerWouldHaveSeenAConnectionAsync(listener, "127.0.0.1");
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://169.254.1.1/a.torrent")]
    [InlineData("http://[fe80::1]/a.torrent")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/")]
    [InlineData("http://224.0.0.1/a.torrent")]
    [InlineData("http://255.255.255.255/a.torrent")]
    public async Task AFetchOfALinkLocalMetadataMulticastOrBroadcastUrlIsRefused(string url)
    {
        using var haul = graph.CreateClient();

        await AssertRefusedAsync(haul, new Uri(url));
    }

    [Fact]
    public async Task ARedirectToTheCloudMetadataAddressIsRefused()
    {
        using var haul = graph.CreateClient();

        await AssertRefusedAsync(haul, graph.Torrents.Redirects(1, new Uri("http://169.254.169.254/latest/meta-data/")));
    }

    [Fact]
    public async Task AnAllowedAddressIsFetchedAlsoInItsIpv4MappedIpv6Form()
    {
        using var haul = graph.CreateClient();
        var (bytes, hash) = TorrentFiles.Create("mapped.mkv", 42);
        var served = graph.Torrents.Serve(bytes);
        var mapped = new UriBuilder(served) { Host = $"[::ffff:{TorrentServer.Address}]" }.Uri;

        using var response = await haul.PostAsJsonAsync("/api/v1/torrents", new { uri = mapped.ToString() }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{mapped}: {(int)response.StatusCode} {text}");
        Assert.Equal(hash, JsonDocument.Parse(text).RootElement.GetProperty("info_hash").GetString());
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task AFailedFetchSaysOnlyThatItFailedAndHaulsLogHasTheRemoteStatusButNotTheUrlsQuery(int status)
    {
        using var haul = graph.CreateClient();
        var url = new Uri(graph.Torrents.At($"/status/{status}"), $"?passkey=query-secret-{status}");

        var problem = await AddAsync(haul, url);

        Assert.Equal(TorrentFetcher.Failed, problem.GetProperty("detail").GetString());
        // Every member but the trace id, whose random hex may hold any three digits.
        var text = string.Join('\n', problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.Value.ToString()));
        Assert.DoesNotContain(status.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain(TorrentServer.SecretBodyMarker, text, StringComparison.Ordinal);
        var logged = await Eventually.ReturnsAsync(
            () => graph.Graph.ConsoleOutputAsync(PulseResources.Haul, Ct),
            lines => lines.Any(line => line.Contains($"failed: HTTP {status}", StringComparison.Ordinal)),
            Ct, TimeSpan.FromSeconds(30), $"Haul's log of the HTTP {status}");
        Assert.DoesNotContain(logged, line => line.Contains($"query-secret-{status}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFetchFromAnAllowedAddressWhereNothingListensSaysOnlyThatItFailed()
    {
        using var haul = graph.CreateClient();

        var problem = await AddAsync(haul, new Uri($"http://{TorrentServer.Address}:1/nothing-listens.torrent"));

        Assert.Equal(TorrentFetcher.Failed, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("Connection", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task AssertRefusedAsync(HttpClient haul, Uri url)
    {
        var problem = await AddAsync(haul, url);
        Assert.True(problem.GetProperty("detail").GetString() == TorrentFetcher.Refused, $"{url}: {problem}");
    }

    private static async Task<JsonElement> AddAsync(HttpClient haul, Uri url)
    {
        using var response = await haul.PostAsJsonAsync("/api/v1/torrents", new { uri = url.ToString() }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{url}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    // The check of "receives nothing" can fail: a connection to the same host and port does show in the listener's backlog.
    private static async Task AssertTheListenerWouldHaveSeenAConnectionAsync(SilentListener listener, string host)
    {
        var address = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? literal : (await Dns.GetHostAddressesAsync(host, Ct))[0];
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = true;
        }

        await socket.ConnectAsync(address, listener.Port, Ct);
        await Eventually.HoldsAsync(() => Task.FromResult(listener.WasConnectedTo), Ct, TimeSpan.FromSeconds(10), $"a connection to {host} seen");
    }
}
