using System.Text.Json;
using Haul.Sample.Relay;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Client.Relay;

namespace Haul.Sample.Tests;

/// <summary>A relayed <c>torrent.add</c> passes no route: its handler holds the payload to the body's rules itself.</summary>
public sealed class TorrentAddHandlerTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"uri":null,"category":"tv"}""")]
    [InlineData("""{"uri":"   "}""")]
    public async Task APayloadWithoutAUriFailsWithoutARetryNamingTheUri(string payload)
    {
        await using var services = new ServiceCollection()
            .ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower)
            .BuildServiceProvider();

        // No adder: a payload that got past the rules would reach it and throw.
        var handler = new TorrentAddHandler(adder: null!, services);
        using var document = JsonDocument.Parse(payload);
        var result = await handler.HandleAsync(
            new RelayDelivery("1", "m-1", 1, TorrentAddHandler.Type, null, document.RootElement, DateTimeOffset.UnixEpoch),
            TestContext.Current.CancellationToken);

        Assert.False(result.Completed);
        Assert.False(result.Retry);
        Assert.StartsWith("uri: ", result.Reason, StringComparison.Ordinal);
    }
}
