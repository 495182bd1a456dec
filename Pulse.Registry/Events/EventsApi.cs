namespace Pulse.Registry.Events;

/// <summary><c>GET /api/v1/events</c>: the long-polled event feed.</summary>
internal static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/events").WithTags("Events").RequirePrincipal();
        group.MapGet("/", GetEvents)
            .WithName("GetEvents")
            .WithSummary("Reads the event feed after a cursor (after=0: from the oldest retained event; omitted: from now), waiting up to `wait` for new events.")
            .ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    private static async Task<Results<Ok<EventPage>, ValidationProblem, ProblemHttpResult>> GetEvents(
        string? after, string? limit, string? wait, EventStore store, ChangeIndex changes, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!FeedQuery.TryParse(after, limit, wait, out var query, out var problem))
        {
            return problem!;
        }

        var cursor = query.After;

        var started = time.GetTimestamp();
        using var deadline = new LongPollDeadline(query.Wait, time, cancellationToken);
        while (true)
        {
            var page = await deadline.RunAsync(token => store.ReadAfterAsync(cursor, query.Limit, token));
            if (page.Gone)
            {
                return Problems.Create(StatusCodes.Status410Gone, "Cursor out of range",
                    $"The cursor {page.From} is outside the retained events (up to {page.Index}): reset it and re-list.");
            }

            var left = query.Wait - time.GetElapsedTime(started);
            if (page.Events.Count > 0 || left <= TimeSpan.Zero || changes.IsStopping)
            {
                var next = page.Events.Count > 0 ? page.Events[^1].Id : page.From.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Ok(new EventPage(page.Events, next));
            }

            // From here on the cursor is fixed, even for a read that started "from now".
            cursor = page.From;
            await changes.WaitBeyondAsync(page.Index, left, deadline.Token);
        }
    }
}
