using Microsoft.AspNetCore.Mvc;

namespace Pulse.Registry.Relay;

/// <summary>The relay's routes: messages for a service in poll mode, its delivery log, claims and leases.</summary>
internal static class RelayApi
{
    /// <summary>The body limit of the message route: 16 MiB there, where every other route keeps 1 MiB.</summary>
    public const int MessageBodyBytes = 16 * 1024 * 1024;

    /// <summary>Whether a request posts a message (a body of up to 16 MiB, uploaded at the caller's pace).</summary>
    public static bool IsMessageUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value?.TrimEnd('/').EndsWith("/messages", StringComparison.Ordinal) == true;

    public static RouteGroupBuilder MapRelayApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/services/{id}").WithTags("Relay").RequirePrincipal();

        group.MapPost("/messages", PostMessage)
            .WithName("PostRelayMessage")
            .RequireScope(ScopeKind.Consumer)
            .WithSummary("Stores a message for a service in poll mode (202), or coalesces it with the live message of the same key (200).")
            .WithMetadata(new RequestSizeLimitAttribute(MessageBodyBytes))
            .ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/messages/{mid}", GetMessage)
            .WithName("GetRelayMessage")
            .RequireScope(ScopeKind.Consumer)
            .WithSummary("Gets a message: its status, result or reason, and attempts.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // A claim's routes, for the service the message is for: 404 for an unknown message, 409 for a stale claim.
        var claims = group.MapGroup("/messages/{mid}")
            .RequireScope(ScopeKind.OwnService)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPost("/claim", Claim)
            .WithName("ClaimRelayMessage")
            .WithSummary("Claims a message under a lease of Relay:LeaseDuration; 409 if it is claimed under a live lease or finished.");
        claims.MapPost("/heartbeat", Heartbeat)
            .WithName("HeartbeatRelayClaim")
            .WithSummary("Extends the lease of the claim with this epoch; 409 if the epoch is stale.");
        claims.MapPost("/complete", Complete)
            .WithName("CompleteRelayMessage")
            .WithSummary("Completes the message with its result; 409 if the epoch is stale.");
        claims.MapPost("/fail", Fail)
            .WithName("FailRelayMessage")
            .WithSummary("Fails the claim; with retry the message is claimable again until Relay:MaxAttempts. 409 if the epoch is stale.");

        group.MapGet("/deliveries", GetDeliveries)
            .WithName("GetRelayDeliveries")
            .RequireScope(ScopeKind.OwnService)
            .WithSummary("Tails the service's delivery log after a cursor (0: the oldest retained), waiting up to `wait`; 410 outside the retained window.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    private static async Task<Results<Accepted<MessageAccepted>, Ok<MessageAccepted>, ValidationProblem, ProblemHttpResult>> PostMessage(
        string id, HttpRequest request, RelayStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId))
        {
            return Problems.NotFound("The service");
        }

        var (body, errors) = await JsonRequest.ReadAsync<RelayMessageRequest>(request, cancellationToken);
        if (errors is not null)
        {
            return Problems.Validation(errors);
        }

        var outcome = await store.PostAsync(serviceId, body!.Type!, body.Key, RawText(body.Payload), cancellationToken);
        if (outcome.Kind == RelayOutcomeKind.QuotaFull)
        {
            return QuotaFull(request.HttpContext.Response, outcome.Quota!, outcome.Detail!);
        }

        if (outcome.Kind != RelayOutcomeKind.Done)
        {
            return Problem(outcome.Kind, outcome.Detail!);
        }

        var (message, created) = outcome.Value;
        return created
            ? TypedResults.Accepted($"/api/v1/services/{serviceId}/messages/{message.MessageId}", message)
            : TypedResults.Ok(message);
    }

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> GetMessage(
        string id, string mid, RelayStore store, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var serviceId) && Guid.TryParse(mid, out var messageId)
            && await store.GetAsync(serviceId, messageId, cancellationToken) is { } message
            ? TypedResults.Ok(message.ToDto())
            : Problems.NotFound("The message");

    private static async Task<Results<Ok<ClaimDto>, ProblemHttpResult>> Claim(
        string id, string mid, RelayStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId) || !Guid.TryParse(mid, out var messageId))
        {
            return Problems.NotFound("The message");
        }

        var outcome = await store.ClaimAsync(serviceId, messageId, cancellationToken);
        return outcome.Kind == RelayOutcomeKind.Done ? TypedResults.Ok(outcome.Value) : Problem(outcome.Kind, outcome.Detail!);
    }

    private static async Task<Results<Ok<ClaimDto>, ProblemHttpResult>> Heartbeat(
        string id, string mid, ClaimRequest claim, RelayStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId) || !Guid.TryParse(mid, out var messageId))
        {
            return Problems.NotFound("The message");
        }

        var outcome = await store.HeartbeatAsync(serviceId, messageId, claim.Epoch!.Value, cancellationToken);
        return outcome.Kind == RelayOutcomeKind.Done ? TypedResults.Ok(outcome.Value) : Problem(outcome.Kind, outcome.Detail!);
    }

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> Complete(
        string id, string mid, CompleteRequest completion, RelayStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId) || !Guid.TryParse(mid, out var messageId))
        {
            return Problems.NotFound("The message");
        }

        var outcome = await store.CompleteAsync(serviceId, messageId, completion.Epoch!.Value, RawText(completion.Result), cancellationToken);
        return outcome.Kind == RelayOutcomeKind.Done ? TypedResults.Ok(outcome.Value!.ToDto()) : Problem(outcome.Kind, outcome.Detail!);
    }

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> Fail(
        string id, string mid, FailRequest failure, RelayStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId) || !Guid.TryParse(mid, out var messageId))
        {
            return Problems.NotFound("The message");
        }

        var outcome = await store.FailAsync(serviceId, messageId, failure.Epoch!.Value, failure.Reason, failure.Retry ?? false, cancellationToken);
        return outcome.Kind == RelayOutcomeKind.Done ? TypedResults.Ok(outcome.Value!.ToDto()) : Problem(outcome.Kind, outcome.Detail!);
    }

    private static async Task<Results<Ok<DeliveryPage>, ValidationProblem, ProblemHttpResult>> GetDeliveries(
        string id, string? after, string? limit, string? wait, DeliveryLog log, DeliverySignals signals,
        RelayNotifications notifications, IOptions<RelayOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var serviceId))
        {
            return Problems.NotFound("The service");
        }

        if (!FeedQuery.TryParse(after, limit, wait, out var query, out var problem))
        {
            return problem!;
        }

        // Absent, the cursor is 0: the log from its oldest retained delivery.
        var cursor = query.After ?? 0;

        var started = time.GetTimestamp();
        using var deadline = new LongPollDeadline(query.Wait, time, cancellationToken);
        while (true)
        {
            var appended = signals.Next(serviceId);
            var page = await deadline.RunAsync(token => log.ReadAfterAsync(serviceId, cursor, query.Limit, token));
            if (page.Status == LogPageStatus.NotFound)
            {
                // Drops the signal taken above: kept for an id that never gets an append, it would stay for good.
                signals.Notify(serviceId);
                return Problems.NotFound("The service");
            }

            if (page.Status == LogPageStatus.Gone)
            {
                return Problems.Create(StatusCodes.Status410Gone, "Cursor out of range",
                    $"The cursor {page.Next} is outside the retained deliveries ({page.TrimmedUpTo} to {page.Last}): reset it to 0.");
            }

            var left = query.Wait - time.GetElapsedTime(started);
            if (page.Deliveries.Count > 0 || left <= TimeSpan.Zero || signals.IsStopping)
            {
                return TypedResults.Ok(new DeliveryPage(page.Deliveries, page.Next.ToString(CultureInfo.InvariantCulture)));
            }

            cursor = page.Next;
            try
            {
                // Appends wake the tail at once: this instance's directly, other instances' through PostgreSQL
                // notifications. While those are not being received, the tail re-reads the log every RecheckInterval.
                var recheck = notifications.IsListening ? left : options.Value.RecheckInterval;
                await appended.WaitAsync(left < recheck ? left : recheck, time, deadline.Token);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private static ProblemHttpResult QuotaFull(HttpResponse response, string quota, string detail)
    {
        response.Headers.RetryAfter = ((int)RelayQuota.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Relay quota full", detail: detail,
            extensions: new Dictionary<string, object?> { ["quota"] = quota });
    }

    private static ProblemHttpResult Problem(RelayOutcomeKind kind, string detail) => kind == RelayOutcomeKind.NotFound
        ? Problems.NotFound(detail)
        : Problems.Create(StatusCodes.Status409Conflict, "Conflict", detail);

    // Any JSON value, as its text; absent is JSON null.
    private static string RawText(JsonElement? value) => value?.GetRawText() ?? "null";
}
