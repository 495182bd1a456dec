namespace Pulse.Registry.Api;

internal static class ApiKeyEndpointExtensions
{
    public const string Policy = "PulseApiKey";

    /// <summary>Requires <c>X-Api-Key</c> on every route of the group (SPEC 4): a missing or wrong key is <c>401</c>.</summary>
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }
}
