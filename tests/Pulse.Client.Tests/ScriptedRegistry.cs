using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Pulse.Client.Tests;

/// <summary>
/// A registry whose answers the test scripts: an <see cref="HttpMessageHandler"/> that records every call (with the
/// fake time it came at) and answers from the current script of each route.
/// </summary>
internal sealed class ScriptedRegistry(TimeProvider time) : HttpMessageHandler
{
    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    public Func<RecordedCall, HttpResponseMessage> OnRegister { get; set; } = _ => Registered("svc-1");

    public Func<RecordedCall, HttpResponseMessage> OnHeartbeat { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NoContent);

    public Func<RecordedCall, HttpResponseMessage> OnLeave { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NoContent);

    public Func<RecordedCall, HttpResponseMessage> OnDownloadClients { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

    public IReadOnlyList<RecordedCall> Of(string route) => [.. Calls.Where(c => c.Route == route)];

    public static HttpResponseMessage Registered(string id, double heartbeatSeconds = 30, HttpStatusCode status = HttpStatusCode.Created) =>
        new(status)
        {
            Content = new StringContent(
                $$"""{"id":"{{id}}","name":"haul","type":"download-client","status":"online","heartbeat_interval_seconds":{{heartbeatSeconds}}}""",
                Encoding.UTF8, "application/json"),
        };

    public static HttpResponseMessage Problem(HttpStatusCode status, string title) =>
        new(status)
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object> { ["title"] = title, ["status"] = (int)status }),
                Encoding.UTF8, "application/problem+json"),
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var route = path.EndsWith("/register", StringComparison.Ordinal) ? "register"
            : path.EndsWith("/heartbeat", StringComparison.Ordinal) ? "heartbeat"
            : path.EndsWith("/leave", StringComparison.Ordinal) ? "leave"
            : path.EndsWith("/download-clients", StringComparison.Ordinal) ? "download-clients"
            : path;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var call = new RecordedCall(route, request.Method, request.RequestUri, body,
            request.Headers.TryGetValues(PulseHeaders.ApiKey, out var keys) ? keys.Single() : null, time.GetUtcNow());
        Calls.Enqueue(call);
        return route switch
        {
            "register" => OnRegister(call),
            "heartbeat" => OnHeartbeat(call),
            "leave" => OnLeave(call),
            "download-clients" => OnDownloadClients(call),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }
}

internal sealed record RecordedCall(string Route, HttpMethod Method, Uri Uri, string? Body, string? ApiKey, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body!).RootElement;
}
