using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.ServiceDefaults;

namespace Pulse.Registry;

internal static class RegistryServiceExtensions
{
    public static WebApplicationBuilder AddRegistryServices(this WebApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(PulseResources.RegistryDatabase);

        // The registry keeps serving without Redis (SPEC 4): Redis down makes /health Degraded, not Unhealthy.
        builder.AddRedisClient(PulseResources.Redis, failureStatus: HealthStatus.Degraded);
        return builder;
    }
}
