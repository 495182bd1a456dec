using System.Text.Json;
using Pulse.Client.Registry;

namespace Pulse.Client.Tests;

/// <summary>A registry entry read from the wire: the key from Beacon's <c>password</c>, the address whole.</summary>
public sealed class DownloadClientRecordTests
{
    [Fact]
    public void AnEntryWithAnApiUrlIsReachedAtItAsSentWithItsKeyFromPassword()
    {
        var entry = Read("""
            {"id":"1","host":"haul.example","port":9443,"use_ssl":true,"url_base":"/prefix",
             "api_url":"https://Haul.Example:9443/prefix/","password":"secret"}
            """);

        Assert.Equal("secret", entry.ApiKey);
        Assert.Equal("https://Haul.Example:9443/prefix/", entry.Url?.OriginalString);
    }

    [Theory]
    [InlineData("""{"id":"1","host":"10.0.0.7","port":8080,"use_ssl":true,"url_base":"/qb/"}""", "https://10.0.0.7:8080/qb")]
    [InlineData("""{"id":"1","host":"box","port":null,"use_ssl":null,"url_base":null,"api_url":""}""", "http://box")]
    public void AnEntryWithoutAnApiUrlIsReachedAtTheUrlItsSplitFieldsDescribe(string json, string url) =>
        Assert.Equal(url, Read(json).Url?.OriginalString);

    [Fact]
    public void AnEntryInPollModeHasNoUrl() =>
        Assert.Null(Read("""{"id":"1","host":null,"port":null,"api_url":null,"delivery_mode":"poll"}""").Url);

    private static DownloadClientRecord Read(string json) =>
        Assert.Single(JsonSerializer.Deserialize($"[{json}]", PulseJsonContext.Default.ListDownloadClientRecord)!);
}
