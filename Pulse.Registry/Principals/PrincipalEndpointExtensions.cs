namespace Pulse.Registry.Principals;

internal static class PrincipalEndpointExtensions
{
    /// <summary>
    /// Requires a known key in <c>X-Api-Key</c> on every route of the group, and the scope each route declares
    /// (<see cref="RequireScope{TBuilder}"/>): a missing or unknown key is <c>401</c>, a known key outside the route's
    /// scope <c>403</c>. The check wraps each endpoint's request delegate, so it runs before the endpoint reads its body
    /// and cannot be left out by a missing middleware; it costs a SHA-256 and a dictionary lookup or two.
    /// </summary>
    public static RouteGroupBuilder RequirePrincipal(this RouteGroupBuilder group)
    {
        // Finally: after each route's own conventions, so that the scope it declares is in its metadata.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var next = endpoint.RequestDelegate
                ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no request delegate to protect.");
            var method = endpoint.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault()?.HttpMethods.FirstOrDefault() ?? "";
            var pattern = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText ?? endpoint.DisplayName ?? "";
            var guard = new ScopeGuard(
                endpoint.ApplicationServices.GetRequiredService<PrincipalDirectory>(),
                endpoint.ApplicationServices.GetRequiredService<ServiceOwners>(),
                endpoint.ApplicationServices.GetRequiredService<ILogger<ScopeGuard>>(),
                endpoint.Metadata.OfType<ScopeRequirement>().LastOrDefault()?.Kind,
                $"{method} {pattern}".Trim(),
                next);
            endpoint.RequestDelegate = guard.InvokeAsync;
        });
        return group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>Declares the scope a route needs beyond a known key (see <see cref="ScopeKind"/>).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ScopeKind kind) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ScopeRequirement(kind));
}
