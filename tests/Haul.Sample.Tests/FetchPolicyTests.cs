using System.Net;
using Haul.Sample.Torrents.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haul.Sample.Tests;

public sealed class FetchPolicyTests
{
    private static readonly FetchPolicy Default = new([], []);

    [Theory]
    [InlineData("127.0.0.1")]          // loopback
    [InlineData("127.255.255.254")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]   // IPv4-mapped loopback
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("169.254.169.254")]    // cloud metadata
    [InlineData("169.254.0.1")]        // link-local
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("febf:ffff::1")]
    [InlineData("224.0.0.1")]          // multicast
    [InlineData("239.255.255.250")]
    [InlineData("ff02::1")]
    [InlineData("0.0.0.0")]            // unspecified, "this network"
    [InlineData("0.1.2.3")]
    [InlineData("::")]
    [InlineData("255.255.255.255")]    // broadcast
    public void TheDefaultPolicyRefusesLoopbackLinkLocalMetadataMulticastUnspecifiedAndBroadcast(string address) =>
        Assert.False(Default.Allows(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("10.0.0.5")]           // private LAN ranges: a homelab's indexers
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.20")]
    [InlineData("fd12:3456::1")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:192.168.1.20")]
    [InlineData("93.184.216.34")]      // public
    [InlineData("2606:2800:220:1::1")]
    [InlineData("126.255.255.255")]    // next to the refused ranges
    [InlineData("128.0.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("223.255.255.255")]
    [InlineData("1.0.0.0")]
    [InlineData("fec0::1")]
    public void TheDefaultPolicyAllowsPrivateLanAndPublicAddresses(string address) =>
        Assert.True(Default.Allows(IPAddress.Parse(address)), address);

    [Fact]
    public void AnAddressInAllowedNetworksIsAllowedEvenInADefaultRefusedRange()
    {
        var policy = new FetchPolicy(["127.0.0.1/32", "fe80::/64"], []);

        Assert.True(policy.Allows(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.Allows(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.True(policy.Allows(IPAddress.Parse("fe80::1")));
        Assert.False(policy.Allows(IPAddress.Parse("127.0.0.2")));
        Assert.False(policy.Allows(IPAddress.Parse("::1")));
        Assert.False(policy.Allows(IPAddress.Parse("169.254.169.254")));
    }

    [Fact]
    public void AnAddressInDeniedNetworksIsRefusedUnlessAllowedNetworksAlsoHoldsIt()
    {
        var policy = new FetchPolicy(["10.1.2.3/32", "0.0.0.0/0"], ["10.0.0.0/8", "fd00::/8"]);
        var strict = new FetchPolicy(["192.168.1.20/32"], ["0.0.0.0/0", "::/0"]);

        Assert.False(new FetchPolicy([], ["10.0.0.0/8"]).Allows(IPAddress.Parse("10.9.9.9")));
        Assert.False(new FetchPolicy([], ["10.0.0.0/8"]).Allows(IPAddress.Parse("::ffff:10.9.9.9")));
        Assert.True(policy.Allows(IPAddress.Parse("10.1.2.3")));
        Assert.True(policy.Allows(IPAddress.Parse("10.9.9.9")));        // 0.0.0.0/0 allowed wins over the denied 10/8
        Assert.False(policy.Allows(IPAddress.Parse("fd00::1")));
        Assert.True(strict.Allows(IPAddress.Parse("192.168.1.20")));
        Assert.False(strict.Allows(IPAddress.Parse("192.168.1.21")));
        Assert.False(strict.Allows(IPAddress.Parse("2606:2800:220:1::1")));
    }

    [Theory]
    [InlineData("AllowedNetworks", "127.0.0.1")]
    [InlineData("AllowedNetworks", "localhost/32")]
    [InlineData("DeniedNetworks", "10.0.0.0/33")]
    [InlineData("DeniedNetworks", "10.0.0.1/8")]
    public void AMalformedNetworkStopsHaulAtStartNamingTheSetting(string setting, string network)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"Haul:Fetch:{setting}:0"] = network })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddTorrentFetch()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"Haul:Fetch:{setting}", error.Message, StringComparison.Ordinal);
        Assert.Contains(network, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WellFormedNetworksPassTheStartCheck()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Haul:Fetch:AllowedNetworks:0"] = "127.0.0.1/32",
                ["Haul:Fetch:AllowedNetworks:1"] = "fd00::/8",
                ["Haul:Fetch:DeniedNetworks:0"] = "192.168.0.0/16",
            })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddTorrentFetch()
            .BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.True(services.GetRequiredService<FetchPolicy>().Allows(IPAddress.Parse("127.0.0.1")));
        Assert.False(services.GetRequiredService<FetchPolicy>().Allows(IPAddress.Parse("192.168.1.1")));
    }
}
