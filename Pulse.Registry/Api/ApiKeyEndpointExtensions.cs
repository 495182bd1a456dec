using Microsoft.Extensions.Options;
using Pulse.ServiceDefaults.Security;

namespace Pulse.Registry.Api;

internal static class ApiKeyEndpointExtensions
{
    /// <summary>Requires <c>X-Api-Key</c> on every route of the group: a missing or wrong key is <c>401</c>.</summary>
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group) =>
        group.RequireApiKey(services => services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.ApiKey)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
