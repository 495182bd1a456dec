using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Pulse.AppHost.Tests;

/// <summary>One request's answer and how long it took; a request that got no answer within a minute has no status.</summary>
internal sealed record TimedAnswer(string What, HttpStatusCode? Status, TimeSpan Took, string Body, TimeSpan? RetryAfter, string? ContentType)
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    public static async Task<TimedAnswer> GetAsync(string what, HttpClient client, string path, CancellationToken ct) =>
        await SendAsync(what, client, () => new HttpRequestMessage(HttpMethod.Get, path), ct);

    public static async Task<TimedAnswer> SendAsync(
        string what, HttpClient client, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        giveUp.CancelAfter(GiveUp);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var message = request();
            using var response = await client.SendAsync(message, giveUp.Token);
            var body = await response.Content.ReadAsStringAsync(giveUp.Token);
            return new TimedAnswer(what, response.StatusCode, Stopwatch.GetElapsedTime(started), body,
                response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType);
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException && !ct.IsCancellationRequested)
        {
            return new TimedAnswer(what, null, Stopwatch.GetElapsedTime(started), exception.GetType().Name, null, null);
        }
    }

    /// <summary>The <c>status</c> of a <c>/health</c> body, or of one of its checks.</summary>
    public string? HealthStatus(string? check = null)
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            var root = json.RootElement;
            return check is null ? root.GetProperty("status").GetString() : root.GetProperty("checks").GetProperty(check).GetString();
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    public override string ToString() =>
        $"{What}: {(Status is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")} " +
        $"in {Took.TotalSeconds:0.00} s{(RetryAfter is { } retry ? $", Retry-After {retry.TotalSeconds:0} s" : "")}" +
        $"{(ContentType is null ? "" : $", {ContentType}")}, {(Body.Length > 160 ? Body[..160] + "…" : Body)}";
}
