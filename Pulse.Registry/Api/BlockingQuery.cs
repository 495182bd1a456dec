namespace Pulse.Registry.Api;

/// <summary>The <c>index</c> and <c>wait</c> parameters of a blocking read.</summary>
internal readonly record struct BlockingQuery(long? Index, TimeSpan Wait)
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether a request is a long poll (a <c>GET</c> with a <c>wait</c>): routine, mostly waiting, and answered in
    /// bursts when a change wakes every waiter at once. Metrics count them; traces leave them out.
    /// </summary>
    public static bool IsLongPoll(HttpRequest request) => HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("wait");

    /// <summary>
    /// Parses <c>index</c> and <c>wait</c>. <paramref name="defaultWait"/> applies when <c>wait</c> is absent; the result
    /// is clamped to 10 minutes and gets a random jitter of up to wait/16.
    /// </summary>
    public static bool TryParse(string? index, string? wait, TimeSpan defaultWait, out BlockingQuery query, out ValidationProblem? problem)
    {
        query = default;
        problem = null;
        long? parsedIndex = null;
        if (!string.IsNullOrEmpty(index))
        {
            if (!long.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                problem = Problems.Validation("index", "The index must be a non-negative decimal integer.");
                return false;
            }

            parsedIndex = value;
        }

        var duration = defaultWait;
        if (!string.IsNullOrEmpty(wait) && !GoDuration.TryParse(wait, out duration))
        {
            problem = Problems.Validation("wait", "The wait must be a duration such as 500ms, 10s or 5m.");
            return false;
        }

        if (duration > MaxWait)
        {
            duration = MaxWait;
        }

        if (duration > TimeSpan.Zero)
        {
            duration += TimeSpan.FromTicks(Random.Shared.NextInt64(duration.Ticks / 16 + 1));
        }

        query = new BlockingQuery(parsedIndex, duration);
        return true;
    }
}
