using Microsoft.Extensions.Options;
using Pilot.Sample.DownloadClients;
using Pilot.Sample.Grabs;
using Pilot.Sample.Storage;
using Pilot.Sample.Sync;
using Pilot.Sample.Web;
using Pulse.Client;
using Pulse.Client.Catalog;
using Pulse.Client.Keys;
using Pulse.Client.Relay;
using Pulse.ServiceDefaults;
using Pulse.ServiceDefaults.BadInput;

namespace Pilot.Sample;

internal static class PilotServiceExtensions
{
    public static WebApplicationBuilder AddPilotServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddWebService<PilotOptions>(PilotOptions.Section, PilotJsonContext.Default);

        // Request bodies checked against their annotations. Called here, not in AddWebService: the validation source
        // generator describes the request types of the assembly that calls it.
        services.AddValidation();

        // pilot and prism both run this project; the AppHost hands each its own database under this one name.
        builder.AddServiceDatabase(PulseResources.PilotDatabase, PilotSchema.Migrations);

        services.AddServiceApiKey<PilotOptions>($"{PilotOptions.Section}:ApiKey", pilot => pilot.ApiKey, pilot => pilot.DataDir);
        builder.AddPilotAuthentication();

        services.AddSingleton<DownloadClientStore>();
        services.AddSingleton<GrabStore>();
        services.AddSingleton<DownloadClientSender>();
        services.AddSingleton<GrabRelay>();
        services.AddSingleton<GrabDispatcher>();
        services.AddHostedService<PendingGrabsResolver>();
        services.AddPulseRelayClient();
        services.AddHostedService<RelayedGrabsWatcher>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, but it is the way to drop the standard handler.
        // The dispatcher applies its own policy (10 s per attempt, then pending until known): no standard handler, no
        // client-wide timeout.
        services.AddHttpClient(DownloadClientSender.HttpClientName)
            .RemoveAllResilienceHandlers()
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
#pragma warning restore EXTEXP0001

        services.AddPulseDownloadClientCatalog<DownloadClientReconciler>();
        services.AddSingleton<IDownloadClientResync, RegistryResync>();
        builder.AddPulseRegistration()
            .Configure<ServiceApiKey, IOptions<PilotOptions>>((options, key, pilot) =>
            {
                options.ServiceName = pilot.Value.Name;
                options.ServiceType = PulseResources.MediaManagerType;
                options.Capabilities = ["supports_torrent", "supports_categories", $"content:{pilot.Value.Content}"];
                options.ServiceApiKey = key.Value;
            });
        return builder;
    }

    public static WebApplication MapPilotApi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseStorableText();
        app.UseAntiforgery();
        app.MapOpenApi();
        app.MapWebPage();
        app.MapDownloadClientsApi().RequireAuthorization().WithDependencyDeadline();

        // A grab waits for its download client for a while by design: no deadline on sending one.
        app.MapGrabsApi().RequireAuthorization().WithDependencyDeadline(request => HttpMethods.IsPost(request.Method));
        return app;
    }
}
