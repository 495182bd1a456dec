using Pulse.Registry.Liveness;

namespace Pulse.Registry.DownloadClients;

/// <summary>The download-client routes: list (a blocking read), get, create, update and delete.</summary>
internal static class DownloadClientsApi
{
    public static RouteGroupBuilder MapDownloadClientsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/download-clients").WithTags("Download clients").RequirePrincipal();

        // Reads, for every key; the password only with include=credentials, for the operator and consumers.
        var reads = group.MapGroup("").RequireScope(ScopeKind.ConsumerForCredentials);
        reads.MapGet("/", List)
            .WithName("ListDownloadClients")
            .WithSummary("Lists download-client entries (password only with include=credentials, for the operator and consumers); a blocking read.");
        reads.MapGet("/{id}", Get)
            .WithName("GetDownloadClient")
            .WithSummary("Gets one download-client entry (password only with include=credentials, for the operator and consumers).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var writes = group.MapGroup("").RequireScope(ScopeKind.Operator);
        writes.MapPost("/", Create)
            .WithName("CreateDownloadClient")
            .WithSummary("Creates a manual download-client entry. Operator only.")
            .ProducesJsonBodyProblems();
        writes.MapPut("/{id}", Update)
            .WithName("UpdateDownloadClient")
            .WithSummary("Replaces a manual entry; on an entry a service owns, sets only enabled, priority, category and directory. Operator only.")
            .Accepts<DownloadClientRequest>("application/json")
            .ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound);
        writes.MapDelete("/{id}", Delete)
            .WithName("DeleteDownloadClient")
            .WithSummary("Deletes a download-client entry. Operator only.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<List<DownloadClientDto>>, ValidationProblem>> List(
        string? include, string? index, string? wait, HttpResponse response, DownloadClientStore store, LivenessView view,
        BlockingRead blocking, CancellationToken cancellationToken)
    {
        var withCredentials = Credentials.Requested(response, include);
        var (entries, problem) = await blocking.RunAsync(response, index, wait, "all", store.ListAsync, cancellationToken);
        return problem is not null
            ? problem
            : TypedResults.Ok(entries.Select(e => view.ToDto(e, withCredentials)).ToList());
    }

    private static async Task<Results<Ok<DownloadClientDto>, ProblemHttpResult>> Get(
        string id, string? include, HttpResponse response, DownloadClientStore store, LivenessView view, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var entryId) || await store.GetAsync(entryId, cancellationToken) is not { } entry)
        {
            return Problems.NotFound("The download client");
        }

        return TypedResults.Ok(view.ToDto(entry, Credentials.Requested(response, include)));
    }

    private static async Task<Created<DownloadClientDto>> Create(
        DownloadClientRequest manual, DownloadClientStore store, LivenessView view, CancellationToken cancellationToken)
    {
        var entry = await store.CreateAsync(manual, cancellationToken);
        return TypedResults.Created($"/api/v1/download-clients/{entry.Id}", view.ToDto(entry));
    }

    private static async Task<Results<Ok<DownloadClientDto>, ValidationProblem, ProblemHttpResult>> Update(
        string id, HttpRequest request, DownloadClientStore store, LivenessView view, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var entryId) || await store.GetAsync(entryId, cancellationToken) is not { } existing)
        {
            return Problems.NotFound("The download client");
        }

        // An entry that a service owns takes only the fields the user sets, so the entry decides what the body is.
        DownloadClientRequest? manual = null;
        OwnedDownloadClientUpdate? owned = null;
        Dictionary<string, string[]>? errors;
        if (existing.ServiceId is null)
        {
            (manual, errors) = await JsonRequest.ReadAsync<DownloadClientRequest>(request, cancellationToken);
        }
        else
        {
            (owned, errors) = await JsonRequest.ReadAsync<OwnedDownloadClientUpdate>(request, cancellationToken);
        }

        if (errors is not null)
        {
            return Problems.Validation(errors);
        }

        return await store.UpdateAsync(entryId, manual, owned, cancellationToken) is { } entry
            ? TypedResults.Ok(view.ToDto(entry))
            : Problems.NotFound("The download client");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, DownloadClientStore store, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var entryId) && await store.DeleteAsync(entryId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("The download client");
}
