using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Pulse.Hosting.Tests.Dashboard;

/// <summary>HTTP clients for a host's dashboard: with the bearer token, with the sign-in cookie, or with nothing.</summary>
internal static class DashboardClient
{
    public static Uri BaseAddress(DistributedApplication app) => new($"http://127.0.0.1:{app.Options.DashboardPort}");

    public static HttpClient Anonymous(DistributedApplication app, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = BaseAddress(app),
        };

    public static HttpClient Bearer(DistributedApplication app, string token = EmptyGraph.Token)
    {
        var client = Anonymous(app);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through the link the host prints; the returned client carries the cookie.</summary>
    public static async Task<HttpClient> SignedInAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        var client = Anonymous(app);
        using var response = await client.GetAsync(app.DashboardLoginUrl.PathAndQuery, cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
    }
}
