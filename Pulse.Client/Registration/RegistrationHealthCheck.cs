using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Client.Registration;

/// <summary>
/// Reports the registration state: <c>Degraded</c> while not registered (a missing registry must not take the service
/// down, so never <c>Unhealthy</c>), <c>Healthy</c> when registered or disabled.
/// </summary>
internal sealed class RegistrationHealthCheck(IPulseRegistration registration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var state = registration.State;
        var data = new Dictionary<string, object> { ["state"] = state.Status.ToString() };
        if (state.ServiceId is { } id)
        {
            data["service_id"] = id;
        }

        var result = state.Status switch
        {
            RegistrationStatus.Registered or RegistrationStatus.Disabled => HealthCheckResult.Healthy(state.ToString(), data),
            _ => HealthCheckResult.Degraded(state.ToString(), data: data),
        };
        return Task.FromResult(result);
    }
}
