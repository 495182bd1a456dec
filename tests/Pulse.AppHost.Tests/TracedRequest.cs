using System.Diagnostics;

namespace Pulse.AppHost.Tests;

/// <summary>A request that starts a trace of its own (a <c>traceparent</c> header, which the service continues), to find its telemetry by trace id.</summary>
internal static class TracedRequest
{
    public static async Task<(HttpResponseMessage Response, string TraceId)> SendAsync(
        HttpClient client, HttpMethod method, string path, CancellationToken cancellationToken, HttpContent? content = null)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return (await client.SendAsync(request, cancellationToken), traceId);
    }
}
