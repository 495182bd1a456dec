namespace Pulse.Registry.Api;

/// <summary>
/// The <c>after</c>, <c>limit</c> and <c>wait</c> parameters of a long-polled feed (the event feed, a service's delivery
/// log): a cursor (<see langword="null"/> when absent), a page of 1 to 500 (100 when absent), and a wait.
/// </summary>
internal readonly record struct FeedQuery(long? After, int Limit, TimeSpan Wait)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>
    /// Parses the three parameters, in that order. Without <c>wait</c> a feed answers at once; with it, it long-polls
    /// (clamped to 10 minutes, with jitter, as every blocking read).
    /// </summary>
    public static bool TryParse(string? after, string? limit, string? wait, out FeedQuery query, out ValidationProblem? problem)
    {
        query = default;
        long? cursor = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                problem = Problems.Validation("after", "The cursor must be a non-negative decimal integer.");
                return false;
            }

            cursor = parsed;
        }

        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            problem = Problems.Validation("limit", $"The limit must be an integer from 1 to {MaxLimit}.");
            return false;
        }

        if (!BlockingQuery.TryParse(null, wait, TimeSpan.Zero, out var blocking, out problem))
        {
            return false;
        }

        query = new FeedQuery(cursor, pageSize, blocking.Wait);
        return true;
    }
}
