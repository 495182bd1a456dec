namespace Pulse.Registry.Tests;

/// <summary>
/// The principals of the in-process registries that test scopes: a download client (<c>haul</c>), a consumer
/// (<c>pilot</c>) and a service that is neither (<c>indexer</c>), each with its own key.
/// </summary>
internal static class ServiceKeys
{
    public const string Haul = "haul-key-3f9a1c7e5b2d4086";
    public const string Pilot = "pilot-key-8e2b6d0a4c1f3957";
    public const string Indexer = "indexer-key-5c7e9a1b3d2f4608";

    public static Dictionary<string, string> Settings() => new()
    {
        ["Registry:Principals:haul:ServiceType"] = "download-client",
        ["Registry:Principals:haul:Key"] = Haul,
        ["Registry:Principals:pilot:ServiceType"] = "media-manager",
        ["Registry:Principals:pilot:Key"] = Pilot,
        ["Registry:Principals:pilot:Consumer"] = "true",
        ["Registry:Principals:indexer:ServiceType"] = "indexer",
        ["Registry:Principals:indexer:Key"] = Indexer,
    };
}
