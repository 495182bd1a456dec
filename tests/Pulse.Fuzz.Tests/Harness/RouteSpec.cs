using System.Text.Json;
using Pulse.Fuzz.Tests.Json;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>Real values for a route's path parameters (and anything else a valid call needs, such as a claim's epoch).</summary>
internal sealed class RouteIds : Dictionary<string, string>
{
    public RouteIds()
        : base(StringComparer.Ordinal)
    {
    }
}

/// <summary>What the harness knows about one route beyond its OpenAPI description: how to call it validly and how to read back what it stored.</summary>
internal sealed class RouteSpec
{
    /// <summary><c>METHOD /path/{template}</c>, as <see cref="ApiOperation.Key"/> spells it.</summary>
    public required string Key { get; init; }

    /// <summary>Creates (or finds) the entities the path names; called once, or for every case when <see cref="FreshIds"/>.</summary>
    public Func<CancellationToken, Task<RouteIds>>? Ids { get; init; }

    /// <summary>The route uses up what it names (a delete, a claim): every case gets entities of its own.</summary>
    public bool FreshIds { get; init; }

    /// <summary>A valid body: the seed every body mutation starts from (a fresh one per case, so an accepted case stores something new).</summary>
    public Func<RouteIds, JObj>? Body { get; init; }

    /// <summary>Query parameters the route reads that its OpenAPI document does not list.</summary>
    public IReadOnlyList<string> ExtraQuery { get; init; } = [];

    /// <summary>The entity the route changes, read before and after a rejected case: it must not have changed.</summary>
    public Func<RouteIds, string>? EntityPath { get; init; }

    /// <summary>After an accepted case: reads the stored entity back; answers what differs from what was sent, or null.</summary>
    public Func<ReadBack, CancellationToken, Task<string?>>? ReadBack { get; init; }

    /// <summary>The client a case is sent with (a form route needs the cookies of its own browser session); null: the service's.</summary>
    public Func<RouteIds, HttpClient>? Client { get; init; }

    /// <summary>5xx answers the contract documents for this route (a grab Haul refused is Pilot's 502).</summary>
    public IReadOnlySet<int> DocumentedServerErrors { get; init; } = new HashSet<int>();
}

/// <summary>An accepted case, for a read-back: what was sent and what came back.</summary>
internal sealed record ReadBack(HttpClient Client, RouteIds Ids, JObj? Sent, JsonElement? Response);
