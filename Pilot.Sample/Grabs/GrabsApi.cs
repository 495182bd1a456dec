using Microsoft.AspNetCore.Http.HttpResults;

namespace Pilot.Sample.Grabs;

/// <summary><c>/api/v1/grabs</c>: send a release to a download client, and list what was sent.</summary>
internal static class GrabsApi
{
    public static RouteGroupBuilder MapGrabsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/grabs").WithTags("Grabs");
        group.MapPost("/", GrabAsync).WithName("Grab").WithSummary("Stores a grab, then sends it to the first eligible download client.");
        group.MapGet("/", ListAsync).WithName("ListGrabs").WithSummary("Lists the grabs, newest first.");
        return group;
    }

    /// <summary>Stores the grab, sends it, and answers with how it ended (shared by the API and the web page).</summary>
    public static async Task<GrabRecord> StoreAndSendAsync(
        GrabRequest request, GrabStore grabs, GrabDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var grab = await grabs.AddPendingAsync(request, cancellationToken);

        // The send outlives a client that goes away: the grab is stored, and a half-sent grab is worse than a late answer.
        return await dispatcher.DispatchAsync(grab, CancellationToken.None);
    }

    private static async Task<Results<Created<GrabRecord>, ValidationProblem, ProblemHttpResult>> GrabAsync(
        GrabRequest request, GrabStore grabs, GrabDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (request.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var grab = await StoreAndSendAsync(request, grabs, dispatcher, cancellationToken);
        return grab.Status switch
        {
            GrabRecord.Sent or GrabRecord.Queued => TypedResults.Created($"/api/v1/grabs/{grab.Id}", grab),
            _ when grab.DownloadClient is null => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "No download client", detail: grab.Reason),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Download client failed", detail: grab.Reason),
        };
    }

    private static async Task<Ok<IReadOnlyList<GrabRecord>>> ListAsync(GrabStore grabs, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grabs.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
}
