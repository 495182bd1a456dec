using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pulse.Registry.Tests.TestData;

namespace Pulse.Registry.Tests;

/// <summary>The relay's routes as test calls on one service.</summary>
internal sealed class RelayCalls(HttpClient client, string serviceId, CancellationToken ct)
{
    public string ServiceId => serviceId;

    public static async Task<RelayCalls> RegisterPollServiceAsync(HttpClient client, CancellationToken ct, string mode = "poll")
    {
        var registration = Registration(UniqueName("haul"), "download-client");
        registration.Remove("api_url");
        registration.Remove("health_url");
        registration["delivery_mode"] = mode;
        if (mode == "push")
        {
            registration["api_url"] = "http://127.0.0.1:8484/";
        }

        return new RelayCalls(client, await RegisterAsync(client, registration, ct), ct);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string type, string? key, JsonNode? payload)
    {
        var body = new JsonObject { ["type"] = type, ["key"] = key, ["payload"] = payload };
        var (response, json) = await PostJsonAsync(client, $"/api/v1/services/{serviceId}/messages", body, ct);
        using (response)
        {
            return (response.StatusCode, json);
        }
    }

    public async Task<string> PostNewAsync(string type, string? key, JsonNode? payload)
    {
        var (status, body) = await PostAsync(type, key, payload);
        Assert.Equal(HttpStatusCode.Accepted, status);
        return body.GetProperty("message_id").GetString()!;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(string messageId, string action, JsonNode? body = null)
    {
        var (response, json) = await PostJsonAsync(client, $"/api/v1/services/{serviceId}/messages/{messageId}/{action}",
            body ?? new JsonObject(), ct);
        using (response)
        {
            return (response.StatusCode, json);
        }
    }

    public async Task<long> ClaimAsync(string messageId)
    {
        var (status, body) = await CallAsync(messageId, "claim");
        Assert.True(status == HttpStatusCode.OK, $"claim: {(int)status} {body}");
        return body.GetProperty("epoch").GetInt64();
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> CompleteAsync(string messageId, long epoch, JsonNode? result = null) =>
        CallAsync(messageId, "complete", new JsonObject { ["epoch"] = epoch, ["result"] = result });

    public Task<(HttpStatusCode Status, JsonElement Body)> FailAsync(string messageId, long epoch, bool retry, string reason = "boom") =>
        CallAsync(messageId, "fail", new JsonObject { ["epoch"] = epoch, ["reason"] = reason, ["retry"] = retry });

    public Task<JsonElement> MessageAsync(string messageId) =>
        GetJsonAsync(client, $"/api/v1/services/{serviceId}/messages/{messageId}", ct);

    public async Task<(HttpStatusCode Status, JsonElement Body)> DeliveriesAsync(string query)
    {
        using var response = await client.GetAsync($"/api/v1/services/{serviceId}/deliveries?{query}", ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The log after a cursor: (message id, attempt) of each delivery, and the next cursor.</summary>
    public async Task<(List<(string MessageId, int Attempt)> Deliveries, string Next)> LogAsync(string after = "0")
    {
        var (status, body) = await DeliveriesAsync($"after={after}");
        Assert.True(status == HttpStatusCode.OK, $"deliveries: {(int)status} {body}");
        return ([.. body.GetProperty("deliveries").EnumerateArray()
            .Select(d => (d.GetProperty("message_id").GetString()!, d.GetProperty("attempt").GetInt32()))],
            body.GetProperty("next_cursor").GetString()!);
    }
}
