namespace Pulse.Replicas.Tests;

/// <summary>Whether two replicas answer alike: a replica back from a failure serves what the others serve.</summary>
internal static class Converged
{
    /// <summary>
    /// Waits until <paramref name="replica"/> lists the services under <paramref name="prefix"/> as <paramref name="other"/>
    /// does, and reads the same event feed after <paramref name="cursor"/> (read again while a change lands between the two reads).
    /// </summary>
    public static async Task ListsAsync(HttpClient replica, HttpClient other, string prefix, long cursor, CancellationToken cancellationToken)
    {
        await Eventually.ReturnsAsync(async () => (
                Mine: TestServices.Show(await TestServices.ListAsync(replica, prefix, cancellationToken)),
                Theirs: TestServices.Show(await TestServices.ListAsync(other, prefix, cancellationToken))),
            lists => lists.Mine == lists.Theirs, cancellationToken, what: "The replica to list the services as another does");
        await Eventually.ReturnsAsync(async () => (
                Mine: Show(await EventFeed.ReadAsync(replica, cursor, cancellationToken)),
                Theirs: Show(await EventFeed.ReadAsync(other, cursor, cancellationToken))),
            feeds => feeds.Mine == feeds.Theirs, cancellationToken, what: "The replica to read the feed as another does");
    }

    private static string Show(List<FeedEvent> events) => string.Join(", ", events.Select(e => $"{e.Id} {e.Type} {e.EventKey}"));
}
