using Haul.Sample.Relay;
using Haul.Sample.Storage;
using Haul.Sample.Torrents;
using Haul.Sample.Torrents.Sources;
using Microsoft.Extensions.Options;
using Pulse.Client;
using Pulse.Client.Keys;
using Pulse.Client.Relay;
using Pulse.ServiceDefaults;
using Pulse.ServiceDefaults.BadInput;
using Pulse.ServiceDefaults.Security;

namespace Haul.Sample;

internal static class HaulServiceExtensions
{
    public static readonly string[] Capabilities = ["supports_torrent", "supports_categories", "supports_tags"];

    public static WebApplicationBuilder AddHaulServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddWebService<HaulOptions>(HaulOptions.Section, HaulJsonContext.Default);
        builder.AddServiceDatabase(PulseResources.HaulDatabase, HaulSchema.Migrations);

        // Request bodies checked against their annotations. Called here, not in AddWebService: the validation source
        // generator describes the request types of the assembly that calls it.
        services.AddValidation();

        services.AddServiceApiKey<HaulOptions>($"{HaulOptions.Section}:ApiKey", haul => haul.ApiKey, haul => haul.DataDir);

        services.AddSingleton<TorrentStore>();
        services.AddSingleton<TorrentAdder>();
        services.AddSingleton<TorrentUriResolver>();
        services.AddTorrentFetch();

        builder.AddPulseRegistration(options =>
            {
                options.ServiceName = PulseResources.Haul;
                options.ServiceType = PulseResources.DownloadClientType;
                options.Capabilities = [.. Capabilities];
            })
            .Configure<ServiceApiKey, IOptions<HaulOptions>>((options, key, haul) =>
            {
                options.ServiceApiKey = key.Value;
                options.DeliveryMode = haul.Value.DeliveryMode;
            });

        // In poll mode Haul has no reachable URL: grabs come through the registry's relay (docs/relay.md).
        if (builder.Configuration.GetSection(HaulOptions.Section).Get<HaulOptions>()?.DeliveryMode == PulseDeliveryMode.Poll)
        {
            services.AddPulseRelay()
                .Configure<IOptions<HaulOptions>>((relay, haul) => relay.CursorFolder = Path.Combine(haul.Value.DataDir, "cursors"));
            services.AddPulseRelayHandler<TorrentAddHandler>();
        }

        return builder;
    }

    public static WebApplication MapHaulApi(this WebApplication app)
    {
        app.UseStorableText();
        app.MapOpenApi();
        // Adding a torrent may fetch it for up to Haul:FetchTimeout: no deadline there.
        app.MapTorrentsApi().RequireApiKey(services => services.GetRequiredService<ServiceApiKey>().Value)
            .WithDependencyDeadline(TorrentsApi.IsAdd)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }
}
