using System.Net;
using Microsoft.Extensions.Options;

namespace Haul.Sample.Torrents.Sources;

/// <summary>Haul's .torrent fetch: its policy (<c>Haul:Fetch</c>, validated at start) and its guarded http client.</summary>
internal static class FetchServiceExtensions
{
    public static IServiceCollection AddTorrentFetch(this IServiceCollection services)
    {
        services.AddOptions<FetchOptions>().BindConfiguration(FetchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<FetchOptions>>().Value;
            return new FetchPolicy(options.AllowedNetworks, options.DeniedNetworks);
        });
        services.AddSingleton<GuardedConnector>();
        services.AddSingleton<TorrentFetcher>();
        services.AddHttpClient(TorrentFetcher.HttpClientName)
            // No standard resilience handler (a failed fetch is a 422, not a retry) and no service discovery (a url's
            // host is a DNS name, never a resource name): the defaults' additional handlers are dropped.
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear())
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                // Each hop is a request of its own, so each connects through the guard.
                AllowAutoRedirect = false,
                // A proxy would connect on Haul's behalf, past the guard.
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = services.GetRequiredService<GuardedConnector>().ConnectAsync,
            })
            .ConfigureHttpClient(http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan;
                // HTTP/3 runs over QUIC, which does not connect through ConnectCallback: never ask for it.
                http.DefaultRequestVersion = HttpVersion.Version11;
                http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            });
        return services;
    }
}
