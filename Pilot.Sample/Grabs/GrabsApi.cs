using Microsoft.AspNetCore.Http.HttpResults;

namespace Pilot.Sample.Grabs;

/// <summary><c>/api/v1/grabs</c>: send a release to a download client, and list what was sent.</summary>
internal static class GrabsApi
{
    public static RouteGroupBuilder MapGrabsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/grabs").WithTags("Grabs");
        group.MapPost("/", GrabAsync).WithName("Grab").WithSummary("Stores a grab, then sends it to the first eligible download client.")
            .ProducesValidationProblem();
        group.MapGet("/", ListAsync).WithName("ListGrabs").WithSummary("Lists the grabs, newest first.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetGrab").WithSummary("Gets one grab (a pending one resolves in the background).");
        return group;
    }

    /// <summary>How long a grab request waits for the send before it answers with the grab still <c>pending</c>.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Stores the grab, sends it, and answers with how it ended, or with the grab as it stands after
    /// <see cref="AnswerWithin"/> (the send goes on in the background). Shared by the API and the web page.
    /// </summary>
    public static async Task<GrabRecord> StoreAndSendAsync(
        GrabRequest request, GrabStore grabs, GrabDispatcher dispatcher, TimeProvider time, CancellationToken cancellationToken)
    {
        var (stored, sending) = await dispatcher.AcceptAsync(request, cancellationToken);
        return await AnswerAsync(sending, async ct => await grabs.GetAsync(stored.Id, ct) ?? stored, time, cancellationToken);
    }

    /// <summary>The send's outcome if it ends within <see cref="AnswerWithin"/>; else the grab as it stands then.</summary>
    internal static async Task<GrabRecord> AnswerAsync(
        Task<GrabRecord> sending, Func<CancellationToken, Task<GrabRecord>> asItStands, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return await sending.WaitAsync(AnswerWithin, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return await asItStands(cancellationToken);
        }
    }

    private static async Task<Results<Created<GrabRecord>, Accepted<GrabRecord>, ProblemHttpResult>> GrabAsync(
        GrabRequest request, GrabStore grabs, GrabDispatcher dispatcher, TimeProvider time, CancellationToken cancellationToken)
    {
        var grab = await StoreAndSendAsync(request, grabs, dispatcher, time, cancellationToken);
        return grab.Status switch
        {
            GrabRecord.Sent or GrabRecord.Queued or GrabRecord.Completed => TypedResults.Created($"/api/v1/grabs/{grab.Id}", grab),
            GrabRecord.Pending => TypedResults.Accepted($"/api/v1/grabs/{grab.Id}", grab),
            _ when grab.DownloadClient is null => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "No download client", detail: grab.Reason),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Download client failed", detail: grab.Reason),
        };
    }

    private static async Task<Results<Ok<GrabRecord>, NotFound>> GetAsync(Guid id, GrabStore grabs, CancellationToken cancellationToken) =>
        await grabs.GetAsync(id, cancellationToken) is { } grab ? TypedResults.Ok(grab) : TypedResults.NotFound();

    private static async Task<Ok<IReadOnlyList<GrabRecord>>> ListAsync(GrabStore grabs, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grabs.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
}
