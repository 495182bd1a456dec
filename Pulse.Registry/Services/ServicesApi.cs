using Pulse.Registry.Liveness;

namespace Pulse.Registry.Services;

/// <summary>The service routes: register, heartbeat, leave, delete, list, get and discover.</summary>
internal static class ServicesApi
{
    public const string Path = "/api/v1/services";

    private const string RegisterRoute = "POST " + Path + "/register";

    public static RouteGroupBuilder MapServicesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Services").RequirePrincipal();

        group.MapPost("/register", Register)
            .WithName("RegisterService")
            .WithSummary("Registers a service, or re-registers it (upsert on name and type; the id stays). A service key registers only its own name and type.")
            .ProducesJsonBodyProblems();
        group.MapPut("/{id}/heartbeat", Heartbeat)
            .WithName("HeartbeatService")
            .WithSummary("Renews a service's lease; 404 if the id is unknown (the client then re-registers).")
            .RequireScope(ScopeKind.OwnService)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/leave", Leave)
            .WithName("LeaveService")
            .WithSummary("Graceful shutdown: the service is offline at once.")
            .RequireScope(ScopeKind.OwnService)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", Delete)
            .WithName("DeleteService")
            .WithSummary("Removes a service and the download-client entry it created. Operator only.")
            .RequireScope(ScopeKind.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List)
            .WithName("ListServices")
            .WithSummary("Lists services (optionally by status); a blocking read with index and wait.");
        group.MapGet("/discover", Discover)
            .WithName("DiscoverServices")
            .WithSummary("Finds services by capability (which wins over type) or type, and status; a blocking read.");
        group.MapGet("/{id}", Get)
            .WithName("GetService")
            .WithSummary("Gets one service.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<ServiceDto>, Ok<ServiceDto>, ProblemHttpResult>> Register(
        RegisterServiceRequest registration, Principal principal, ServiceStore store, LivenessView view, ILogger<ServiceStore> logger,
        CancellationToken cancellationToken)
    {
        // A service key is bound to its (name, type): it can neither register another service nor take one over.
        if (!principal.Owns(registration.Name!, registration.Type!))
        {
            var scope = Scopes.Service(registration.Name!, registration.Type!);
            Log.ScopeRefused(logger, principal.Name, scope, RegisterRoute);
            return Scopes.Forbidden(scope);
        }

        var (service, created, changed) = await store.RegisterAsync(registration, cancellationToken);
        var dto = view.ToDto(service);
        if (!created)
        {
            if (changed)
            {
                Log.ServiceRegistrationChanged(logger, service.Name, service.Type, service.Id, principal.Name);
            }

            return TypedResults.Ok(dto);
        }

        Log.ServiceRegistered(logger, service.Name, service.Type, service.Id, principal.Name);
        return TypedResults.Created($"/api/v1/services/{service.Id}", dto);
    }

    /// <summary>Whether a request is a heartbeat: routine soft state that metrics count and traces leave out.</summary>
    public static bool IsHeartbeat(HttpRequest request) =>
        HttpMethods.IsPut(request.Method) && request.Path.StartsWithSegments(Path)
        && request.Path.Value!.EndsWith("/heartbeat", StringComparison.Ordinal);

    private static async Task<Results<NoContent, ProblemHttpResult>> Heartbeat(
        string id, LeaseBook leases, ServiceStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId))
        {
            return Problems.NotFound("The service");
        }

        // The common case touches memory only; renewals are written to PostgreSQL in batches.
        if (leases.TryRenew(serviceId) || await store.RenewAsync(serviceId, cancellationToken) is not null)
        {
            return TypedResults.NoContent();
        }

        return Problems.NotFound("The service");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Leave(string id, ServiceStore store, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var serviceId) && await store.LeaveAsync(serviceId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("The service");

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, Principal principal, ServiceStore store, ILogger<ServiceStore> logger, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId) || !await store.DeleteAsync(serviceId, cancellationToken))
        {
            return Problems.NotFound("The service");
        }

        Log.ServiceDeleted(logger, serviceId, principal.Name);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ServiceDto>, ProblemHttpResult>> Get(
        string id, string? include, Principal principal, HttpResponse response, ServiceStore store, LivenessView view,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId) || await store.GetAsync(serviceId, cancellationToken) is not { } service)
        {
            return Problems.NotFound("The service");
        }

        var withCredentials = Credentials.Requested(response, include);
        return TypedResults.Ok(view.ToDto(service, withCredentials && principal.Owns(service.Name, service.Type)));
    }

    private static Task<Results<Ok<List<ServiceDto>>, ValidationProblem>> List(
        string? status, string? include, string? index, string? wait, Principal principal, HttpResponse response,
        ServiceStore store, LivenessView view, BlockingRead blocking, CancellationToken cancellationToken) =>
        Query(new ServiceFilter(null, null, status), include, index, wait, principal, response, store, view, blocking, cancellationToken);

    private static Task<Results<Ok<List<ServiceDto>>, ValidationProblem>> Discover(
        string? type, string? capability, string? status, string? include, string? index, string? wait, Principal principal,
        HttpResponse response, ServiceStore store, LivenessView view, BlockingRead blocking, CancellationToken cancellationToken) =>
        Query(new ServiceFilter(string.IsNullOrEmpty(capability) ? NullIfEmpty(type) : null, NullIfEmpty(capability), status),
            include, index, wait, principal, response, store, view, blocking, cancellationToken);

    private static async Task<Results<Ok<List<ServiceDto>>, ValidationProblem>> Query(
        ServiceFilter filter, string? include, string? index, string? wait, Principal principal, HttpResponse response,
        ServiceStore store, LivenessView view, BlockingRead blocking, CancellationToken cancellationToken)
    {
        if (NullIfEmpty(filter.Status) is { } status && status is not (ServiceStatus.Online or ServiceStatus.Offline))
        {
            return Problems.Validation("status", "The status must be online or offline.");
        }

        filter = filter with { Status = NullIfEmpty(filter.Status) };
        var withCredentials = Credentials.Requested(response, include);
        var (services, problem) = await blocking.RunAsync(response, index, wait, filter.ToString(), ct => store.ListAsync(filter, ct), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // The operator sees every service's own key; a service key only its own entry's.
        return TypedResults.Ok(services.Select(s => view.ToDto(s, withCredentials && principal.Owns(s.Name, s.Type))).ToList());
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
