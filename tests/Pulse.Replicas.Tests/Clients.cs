namespace Pulse.Replicas.Tests;

/// <summary>Clients made for the traffic of these tests: their own connection pool and a request timeout of their own.</summary>
internal static class Clients
{
    /// <summary>A client of <paramref name="baseAddress"/> sending <paramref name="apiKey"/>, whose requests give up after <paramref name="timeout"/>.</summary>
    public static HttpClient Of(Uri baseAddress, string apiKey, TimeSpan timeout)
    {
        var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout }) { BaseAddress = baseAddress, Timeout = timeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}
