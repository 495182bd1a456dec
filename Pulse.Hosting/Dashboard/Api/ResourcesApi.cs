using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Pulse.Hosting.Dashboard.Security;

namespace Pulse.Hosting.Dashboard.Api;

/// <summary>
/// <c>GET /api/resources</c>, <c>GET /api/resources/{name}/console</c> and the commands
/// <c>POST /api/resources/{name}/stop|start|restart</c> (antiforgery for the browser; <c>202</c>, done in the background).
/// </summary>
internal static class ResourcesApi
{
    public static RouteGroupBuilder MapResourcesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/resources").WithTags("Resources");
        group.MapGet("/", ListAsync).WithName("ListResources").WithSummary("Every resource with its state, health, endpoints and environment (secrets masked).");
        group.MapGet("/{name}/console", Console).WithName("ResourceConsole").WithSummary("The resource's recent console output.");

        var commands = group.MapGroup("/{name}").AddEndpointFilter<AntiforgeryFilter>();
        commands.MapPost("/stop", (string name, ResourceCatalog catalog, ResourceCommands runner, CancellationToken ct) =>
            CommandAsync(name, ResourceCommand.Stop, catalog, runner, ct)).WithName("StopResource").WithSummary("Stops the resource.");
        commands.MapPost("/start", (string name, ResourceCatalog catalog, ResourceCommands runner, CancellationToken ct) =>
            CommandAsync(name, ResourceCommand.Start, catalog, runner, ct)).WithName("StartResource").WithSummary("Starts the resource.");
        commands.MapPost("/restart", (string name, ResourceCatalog catalog, ResourceCommands runner, CancellationToken ct) =>
            CommandAsync(name, ResourceCommand.Restart, catalog, runner, ct)).WithName("RestartResource").WithSummary("Restarts the resource.");
        return group;
    }

    private static async Task<Ok<List<ResourceView>>> ListAsync(ResourceCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListAsync(cancellationToken));

    private static Results<Ok<IReadOnlyList<ConsoleLineView>>, NotFound> Console(string name, int? limit, ResourceCatalog catalog)
    {
        if (catalog.Find(name) is not { } runner)
        {
            return TypedResults.NotFound();
        }

        IReadOnlyList<ConsoleLineView> lines = [.. runner.Console.Snapshot(Math.Clamp(limit ?? 1_000, 1, 10_000))
            .Select(line => new ConsoleLineView(line.Timestamp.UtcDateTime, line.Stream.ToString().ToLowerInvariant(), line.Text))];
        return TypedResults.Ok(lines);
    }

    private static async Task<Results<Accepted<ResourceView>, NotFound, ProblemHttpResult>> CommandAsync(
        string name, ResourceCommand command, ResourceCatalog catalog, ResourceCommands commands, CancellationToken cancellationToken)
    {
        if (catalog.Find(name) is not { } runner)
        {
            return TypedResults.NotFound();
        }

        if (!commands.Run(name, command))
        {
            return TypedResults.Problem("The host is stopping.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Accepted($"/api/resources", await catalog.ViewAsync(runner, cancellationToken));
    }
}
