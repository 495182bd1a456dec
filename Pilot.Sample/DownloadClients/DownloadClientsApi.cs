using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.ServiceDefaults.BadInput;

namespace Pilot.Sample.DownloadClients;

/// <summary>
/// <c>/api/v1/download-clients</c>: the consumer's download clients. Manual entries can be added, changed and removed;
/// an entry synced from Pulse keeps its registry-owned fields, and only its category, priority and enabled flag change.
/// </summary>
internal static class DownloadClientsApi
{
    public static RouteGroupBuilder MapDownloadClientsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/download-clients").WithTags("Download clients");
        group.MapGet("/", ListAsync).WithName("ListDownloadClients").WithSummary("Lists the download clients; the key only with include=credentials.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetDownloadClient").WithSummary("Gets one download client.");
        group.MapPost("/", AddAsync).WithName("AddDownloadClient").WithSummary("Adds a manual download client.")
            .ProducesValidationProblem();
        // The entry decides which of the body's rules apply, and an unknown one is a 404 whatever the body: the handler
        // validates once it has the entry.
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateDownloadClient").WithSummary("Changes a download client (only local fields of a synced one).")
            .DisableValidation();
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteDownloadClient").WithSummary("Removes a manual download client.");
        return group;
    }

    private static async Task<Ok<List<DownloadClientDto>>> ListAsync(
        DownloadClientStore store, HttpContext context, string? include, CancellationToken cancellationToken)
    {
        var withKeys = Credentials.Requested(context, include);
        return TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(client => client.ToDto(withKeys)).ToList());
    }

    private static async Task<Results<Ok<DownloadClientDto>, NotFound>> GetAsync(
        Guid id, DownloadClientStore store, HttpContext context, string? include, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } client
            ? TypedResults.Ok(client.ToDto(Credentials.Requested(context, include)))
            : TypedResults.NotFound();

    private static async Task<Created<DownloadClientDto>> AddAsync(
        DownloadClientRequest request, DownloadClientStore store, CancellationToken cancellationToken)
    {
        var client = await store.AddManualAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/download-clients/{client.Id}", client.ToDto(includeCredentials: false));
    }

    private static async Task<Results<Ok<DownloadClientDto>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, DownloadClientRequest request, DownloadClientStore store, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } existing)
        {
            return TypedResults.NotFound();
        }

        // A synced entry's other fields belong to the registry: their rules are not the user's to meet.
        var manual = existing.Source == DownloadClientRecord.Manual;
        var errors = BodyValidation.Errors(request, context.RequestServices);
        if (!manual)
        {
            errors = errors.Where(error => DownloadClientRequest.LocalFields.Contains(error.Key)).ToDictionary();
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var updated = existing with
        {
            Category = request.Category,
            Priority = request.Priority ?? existing.Priority,
            Enabled = request.Enabled ?? existing.Enabled,
            UpdatedAt = time.GetUtcNow(),
        };
        if (manual)
        {
            updated = updated with
            {
                Name = request.Name!,
                Implementation = request.Implementation ?? existing.Implementation,
                Protocol = request.Protocol ?? existing.Protocol,
                Url = DownloadClientRecord.BaseUrl(request.Url!),
                ApiKey = request.ApiKey!,
            };
        }

        await store.SaveAsync(updated, cancellationToken);
        return TypedResults.Ok(updated.ToDto(includeCredentials: false));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        Guid id, DownloadClientStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } existing)
        {
            return TypedResults.NotFound();
        }

        if (existing.Source == DownloadClientRecord.Pulse)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Synced from Pulse",
                detail: $"'{existing.Name}' is synced from the registry and would come back: disable it instead (\"enabled\": false).");
        }

        await store.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
