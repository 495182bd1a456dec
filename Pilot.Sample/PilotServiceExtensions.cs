using Pulse.ServiceDefaults;

namespace Pilot.Sample;

internal static class PilotServiceExtensions
{
    public static WebApplicationBuilder AddPilotServices(this WebApplicationBuilder builder)
    {
        // pilot and prism both run this project; the AppHost hands each its own database under this one name.
        builder.AddNpgsqlDataSource(PulseResources.PilotDatabase);
        return builder;
    }
}
