using Pulse.Registry.Api.Validation;

namespace Pulse.Registry.Principals;

/// <summary>The operator's routes for principals and their keys: list, add a key, retire a key.</summary>
internal static class PrincipalsApi
{
    public const string Path = "/api/v1/principals";

    public static RouteGroupBuilder MapPrincipalsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Principals").RequireScope(ScopeKind.Operator).RequirePrincipal();

        group.MapGet("/", List)
            .WithName("ListPrincipals")
            .WithSummary("Lists the principals and their keys' ids and dates (never a key or its hash). Operator only.");
        group.MapGet("/{name}", Get)
            .WithName("GetPrincipal")
            .WithSummary("Gets one principal and its keys' ids and dates. Operator only.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", Put)
            .WithName("PutPrincipal")
            .WithSummary("Adds a service principal (201), or changes its service type or consumer scope (200); it holds no key until one is added. Operator only.")
            .ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{name}/keys", AddKey)
            .WithName("AddPrincipalKey")
            .WithSummary("Adds a key to a principal (the given one, else 32 random bytes as 64 hex characters); 409 if it holds two active keys. Operator only.")
            .ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{name}/keys/{id}", RetireKey)
            .WithName("RetirePrincipalKey")
            .WithSummary("Retires a key: it stops working on every instance within a second. The operator's last active key cannot be retired. Operator only.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Ok<List<PrincipalDto>>> List(PrincipalStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(null, cancellationToken));

    private static async Task<Results<Ok<PrincipalDto>, ProblemHttpResult>> Get(
        string name, PrincipalStore store, CancellationToken cancellationToken) =>
        (await store.ListAsync(name, cancellationToken)).FirstOrDefault() is { } principal
            ? TypedResults.Ok(principal)
            : Problems.NotFound($"The principal {name}");

    private static async Task<Results<Created<PrincipalDto>, Ok<PrincipalDto>, ValidationProblem, ProblemHttpResult>> Put(
        string name, PutPrincipalRequest body, Principal caller, PrincipalStore store, PrincipalDirectory directory,
        ILogger<PrincipalStore> logger, CancellationToken cancellationToken)
    {
        if (string.Equals(name, Principal.OperatorName, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Reserved name",
                $"The name {Principal.OperatorName} is the operator's: it has no service type to set.");
        }

        if (name.Length > 200)
        {
            return Problems.Validation("name", "A principal's name is a service name: at most 200 characters.");
        }

        var type = body.ServiceType!;
        var consumer = body.Consumer ?? false;
        var created = await store.PutAsync(new Principal(name, type, consumer), cancellationToken);
        await directory.ReloadAsync(cancellationToken);
        Log.PrincipalChanged(logger, name, type, consumer, caller.Name);
        var stored = (await store.ListAsync(name, cancellationToken)).Single();
        return created ? TypedResults.Created($"{Path}/{Uri.EscapeDataString(name)}", stored) : TypedResults.Ok(stored);
    }

    private static async Task<Results<Created<NewKeyDto>, ProblemHttpResult>> AddKey(
        string name, NewKeyRequest? body, HttpResponse response, Principal caller, PrincipalStore store, PrincipalDirectory directory,
        ILogger<PrincipalStore> logger, CancellationToken cancellationToken)
    {
        var key = body?.Key ?? PrincipalStore.NewKey();
        var (outcome, added) = await store.AddKeyAsync(name, key, cancellationToken);
        switch (outcome)
        {
            case KeyChange.UnknownPrincipal:
                return Problems.NotFound($"The principal {name}");
            case KeyChange.Full:
                return Problems.Create(StatusCodes.Status409Conflict, "Too many keys",
                    $"The principal {name} already holds {PrincipalStore.MaxActiveKeys} active keys: retire one first.");
            case KeyChange.KeyTaken:
                return Problems.Create(StatusCodes.Status409Conflict, "Key in use",
                    "This key is, or was, already in use: choose another, or let the registry generate one.");
        }

        await directory.ReloadAsync(cancellationToken);
        Log.KeyAdded(logger, name, Guid.Parse(added!.Id), $"the API, by {caller.Name}");
        response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"{Path}/{Uri.EscapeDataString(name)}/keys/{added.Id}", new NewKeyDto(added.Id, key, added.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetireKey(
        string name, string id, Principal caller, PrincipalStore store, PrincipalDirectory directory,
        ILogger<PrincipalStore> logger, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var keyId))
        {
            return Problems.NotFound("The key");
        }

        switch (await store.RetireKeyAsync(name, keyId, cancellationToken))
        {
            case KeyChange.UnknownPrincipal:
                return Problems.NotFound($"The principal {name}");
            case KeyChange.UnknownKey:
                return Problems.NotFound("The key");
            case KeyChange.LastOperatorKey:
                return Problems.Create(StatusCodes.Status409Conflict, "Last operator key",
                    "This is the operator's last active key: add another before retiring it.");
        }

        await directory.ReloadAsync(cancellationToken);
        Log.KeyRetired(logger, name, keyId, caller.Name);
        return TypedResults.NoContent();
    }
}

/// <summary>The body of <c>PUT /api/v1/principals/{name}</c>.</summary>
public sealed record PutPrincipalRequest : RequestBody
{
    [Required, MaxLength(50)]
    public string? ServiceType { get; init => field = Absent.IfEmpty(value); }

    public bool? Consumer { get; init; }
}

/// <summary>The optional body of <c>POST /api/v1/principals/{name}/keys</c>: the key to add, else the registry makes one.</summary>
public sealed record NewKeyRequest : RequestBody
{
    [MinLength(KeyHash.MinKeyLength), MaxLength(KeyHash.MaxKeyLength)]
    public string? Key { get; init => field = Absent.IfEmpty(value); }
}
