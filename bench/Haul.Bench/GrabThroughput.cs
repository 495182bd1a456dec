using System.Globalization;
using System.Security.Cryptography;
using Pulse.Bench;

namespace Haul.Bench;

/// <summary>
/// Haul's grabs per second: wrk POSTs <c>/api/v1/torrents</c> with a new magnet on every request, over keep-alive
/// connections. wrk, not a .NET client, so the load generator takes as little as it can of the two cores it shares.
/// </summary>
internal static class GrabThroughput
{
    // A request's info hash: the run's nonce (16 hex), wrk's thread (8), a counter (8), padding (8). The request's
    // head is formatted once per thread (in init, once wrk has set the Host header); only the body changes.
    private const string Lua = """
        local threads = 0
        setup = function(thread)
          threads = threads + 1
          thread:set("thread_id", threads)
        end

        local head, nonce, sent = nil, nil, 0
        local prefix = '{"uri":"magnet:?xt=urn:btih:'
        init = function(args)
          nonce = os.getenv("RUN_NONCE")
          local body = prefix .. string.rep("0", 40) .. '&dn=bench"}'
          local request = wrk.format("POST", "/api/v1/torrents",
            { ["X-Api-Key"] = os.getenv("HAUL_KEY"), ["Content-Type"] = "application/json" }, body)
          head = request:sub(1, #request - #body)
        end
        request = function()
          sent = sent + 1
          return head .. prefix .. nonce .. string.format("%08x%08x", thread_id, sent) .. '00000000&dn=bench"}'
        end
        """;

    // countTorrents counts the torrents Haul has stored: every grab answered must have added one.
    // The baseline: Haul's /alive over the same connections, in the same process: what its HTTP stack gives at most here.
    private const string AliveLua = """
        local alive
        init = function(args) alive = wrk.format("GET", "/alive") end
        request = function() return alive end
        """;

    public static async Task<string> MeasureAsync(Uri haul, string key, int connections, TimeSpan duration, Func<Task<long>> countTorrents)
    {
        if (!Wrk.Available)
        {
            return "haul grabs: wrk is not installed (apt-get install -y wrk); skipped";
        }

        await Wrk.RunAsync(haul.ToString(), Lua, connections, TimeSpan.FromSeconds(5), Environment(key)); // warm-up
        var before = await countTorrents();
        var (perSecond, p99, failed, requests) = await Wrk.RunAsync(haul.ToString(), Lua, connections, duration, Environment(key));
        var stored = await countTorrents() - before;
        var alive = await Wrk.RunAsync(haul.ToString(), AliveLua, connections, duration, Environment(key));
        var met = perSecond >= 2000 && failed == 0 && stored >= requests;
        return string.Create(CultureInfo.InvariantCulture,
            $"haul grabs: wrk, {connections} connections, {duration.TotalSeconds:0} s, a distinct info hash per grab -> " +
            $"{perSecond:0} grabs/s, p99 {p99:0.0} ms, {requests} answered, {stored} torrents stored, {failed} failed; " +
            $"target >= 2,000/s: {(met ? "met" : "NOT met")}\n" +
            $"baseline GET /alive on Haul: {alive.RequestsPerSecond:0}/s, p99 {alive.P99Ms:0.0} ms; ratio grabs/alive {perSecond / alive.RequestsPerSecond:0.00}");
    }

    private static Dictionary<string, string> Environment(string key) => new()
    {
        ["HAUL_KEY"] = key,
        ["RUN_NONCE"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
    };
}
