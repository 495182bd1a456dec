namespace Pulse.Registry.Bench;

/// <summary>
/// wrk's script for heartbeats over many services: a line per service in the file <c>PULSE_IDS</c>, its id and, after a
/// space, its own key; every request carries <c>PULSE_KEY</c> when it is set, else the line's own key.
/// </summary>
internal static class HeartbeatScript
{
    /// <summary>
    /// Requests are formatted once per thread in init (after wrk has set the Host header), so the load generator, which
    /// shares the machine's two cores, spends as little as it can per request.
    /// </summary>
    public const string Lua = """
        local requests = {}
        local i = 0
        init = function(args)
          local shared = os.getenv("PULSE_KEY")
          for line in io.lines(os.getenv("PULSE_IDS")) do
            local id, own = line:match("^(%S+)%s*(%S*)$")
            local key = own
            if shared ~= nil and shared ~= "" then key = shared end
            requests[#requests + 1] = wrk.format("PUT", "/api/v1/services/" .. id .. "/heartbeat", { ["X-Api-Key"] = key })
          end
          i = math.random(#requests)
        end
        request = function()
          i = i % #requests + 1
          return requests[i]
        end
        """;
}
