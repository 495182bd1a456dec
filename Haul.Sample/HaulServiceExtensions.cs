using Pulse.ServiceDefaults;

namespace Haul.Sample;

internal static class HaulServiceExtensions
{
    public static WebApplicationBuilder AddHaulServices(this WebApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(PulseResources.HaulDatabase);
        return builder;
    }
}
