using System.Globalization;

namespace Pulse.Registry.Bench;

/// <summary>Established TCP connections on this machine, from <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>.</summary>
internal static class Connections
{
    /// <summary>How many established connections have <paramref name="port"/> as their local port: the ones a server listening there accepted.</summary>
    public static int AcceptedOn(int port)
    {
        var count = 0;
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            // "  sl  local_address rem_address   st ...": the address is hex "ADDR:PORT", state 01 is ESTABLISHED.
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1];
                if (fields[3] == "01" && int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
