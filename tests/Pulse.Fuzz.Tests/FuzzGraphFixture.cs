using System.Net.Http.Json;
using System.Text.Json;
using Pulse.ServiceDefaults;

[assembly: AssemblyFixture(typeof(Pulse.Fuzz.Tests.FuzzGraphFixture))]

namespace Pulse.Fuzz.Tests;

/// <summary>One whole graph for the fuzz run, with known keys, and Haul synced into both consumers so grabs go through.</summary>
public sealed class FuzzGraphFixture : PulseGraphFixture
{
    public const string PulseKey = "fuzz-pulse-key-5b1f0e7c9d2a4c38";
    public const string HaulKey = "fuzz-haul-key-2e9c4b7a1f6d4083";
    public const string PilotKey = "fuzz-pilot-key-8a3d6f2c0b1e4975";
    public const string PrismKey = "fuzz-prism-key-4c7e1a9b3d5f4062";

    public static string KeyOf(string resource) => resource switch
    {
        PulseResources.Registry => PulseKey,
        PulseResources.Haul => HaulKey,
        PulseResources.Pilot => PilotKey,
        PulseResources.Prism => PrismKey,
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, null),
    };

    public HttpClient Client(string resource) => Graph.CreateHttpClient(resource, KeyOf(resource));

    private protected override PulseGraphOptions Options => new()
    {
        ApiKey = PulseKey,
        // Development, as `dotnet run` and `aspire run` start the stack: it is where binding failures throw.
        Environment = new Dictionary<string, Dictionary<string, string>>
        {
            [PulseResources.Registry] = Development(),
            [PulseResources.Haul] = Development(("Haul__ApiKey", HaulKey)),
            [PulseResources.Pilot] = Development(("Pilot__ApiKey", PilotKey)),
            [PulseResources.Prism] = Development(("Pilot__ApiKey", PrismKey)),
        },
    };

    /// <summary>Waits until the consumer's only synced client is Haul, online: grabs go to Haul, none to an entry the registry fuzz made.</summary>
    public async Task WaitForHaulOnlyAsync(HttpClient consumer, CancellationToken ct) =>
        await Eventually.HoldsAsync(async () =>
        {
            var synced = (await consumer.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients", ct) ?? [])
                .Where(c => c.GetProperty("source").GetString() == "pulse").ToList();
            return synced.Count == 1 && synced[0].GetProperty("name").GetString() == PulseResources.Haul
                && synced[0].GetProperty("status").GetString() == "online";
        }, ct, TimeSpan.FromSeconds(120), "The consumer holding Haul, online, as its only synced client");

    private static Dictionary<string, string> Development(params (string Name, string Value)[] variables) =>
        new(variables.Select(v => KeyValuePair.Create(v.Name, v.Value)))
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
        };
}
