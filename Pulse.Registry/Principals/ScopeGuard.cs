using Pulse.ServiceDefaults.Security;

namespace Pulse.Registry.Principals;

/// <summary>One route's key and scope check, in front of its request delegate (see <see cref="PrincipalEndpointExtensions"/>).</summary>
internal sealed class ScopeGuard(
    PrincipalDirectory directory,
    ServiceOwners owners,
    ILogger<ScopeGuard> logger,
    ScopeKind? kind,
    string route,
    RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (directory.Resolve(ApiKeyAuthentication.PresentedKey(context.Request)) is not { } principal)
        {
            return ApiKeyAuthentication.ChallengeAsync(context);
        }

        context.Features.Set(principal);
        if (principal.IsOperator || kind is null)
        {
            return next(context);
        }

        return kind switch
        {
            ScopeKind.Operator => ForbidAsync(context, principal, Scopes.Operator),
            ScopeKind.Consumer => principal.Consumer ? next(context) : ForbidAsync(context, principal, Scopes.Consumer),
            ScopeKind.ConsumerForCredentials => principal.Consumer || !Credentials.Asked(context.Request)
                ? next(context)
                : ForbidAsync(context, principal, Scopes.Consumer),
            _ => OwnServiceAsync(context, principal),
        };
    }

    /// <summary>Records and answers a known key used outside its scope: <c>403</c> naming the scope it lacks.</summary>
    public static Task ForbidAsync(HttpContext context, ILogger logger, Principal principal, string scope, string route)
    {
        Log.ScopeRefused(logger, principal.Name, scope, route);
        return Scopes.Forbidden(scope).ExecuteAsync(context);
    }

    private Task ForbidAsync(HttpContext context, Principal principal, string scope) => ForbidAsync(context, logger, principal, scope, route);

    private Task OwnServiceAsync(HttpContext context, Principal principal)
    {
        if (context.Request.RouteValues["id"] is not string id || !Guid.TryParse(id, out var serviceId))
        {
            return next(context); // not an id: the route answers 404
        }

        if (owners.TryGet(serviceId, out var owner))
        {
            return principal.Owns(owner.Name, owner.Type) ? next(context) : ForbidAsync(context, principal, owner.Scope);
        }

        return FindOwnerAsync(context, principal, serviceId);
    }

    private async Task FindOwnerAsync(HttpContext context, Principal principal, Guid serviceId)
    {
        if (await owners.FindAsync(serviceId, context.RequestAborted) is not { } owner)
        {
            // No such service: nothing to grant, and nothing the route could act on.
            await Problems.NotFound("The service").ExecuteAsync(context);
            return;
        }

        await (principal.Owns(owner.Name, owner.Type) ? next(context) : ForbidAsync(context, principal, owner.Scope));
    }
}
