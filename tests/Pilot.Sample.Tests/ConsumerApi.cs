using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Pulse.ServiceDefaults;

namespace Pilot.Sample.Tests;

/// <summary>What the consumer tests read and change: a consumer's download clients and grabs, and its database.</summary>
internal static class ConsumerApi
{
    public static async Task<JsonElement[]> DownloadClientsAsync(HttpClient consumer, CancellationToken ct) =>
        (await consumer.GetFromJsonAsync<JsonElement[]>("/api/v1/download-clients?include=credentials", ct))!;

    public static async Task<JsonElement?> SyncedHaulAsync(HttpClient consumer, CancellationToken ct) =>
        (await DownloadClientsAsync(consumer, ct))
            .Where(c => c.GetProperty("name").GetString() == PulseResources.Haul && c.GetProperty("source").GetString() == "pulse")
            .Select(c => (JsonElement?)c).FirstOrDefault();

    /// <summary>Waits until the consumer holds Haul as a synced, online entry with these URL and key.</summary>
    public static Task<JsonElement?> WaitForHaulAsync(HttpClient consumer, string url, string key, CancellationToken ct) =>
        Eventually.ReturnsAsync(
            () => SyncedHaulAsync(consumer, ct),
            entry => entry is { } e && e.GetProperty("url").GetString() == url && e.GetProperty("api_key").GetString() == key
                && e.GetProperty("status").GetString() == "online",
            ct);

    public static async Task<HttpResponseMessage> GrabAsync(HttpClient consumer, string infoHash, CancellationToken ct, string category = "tv") =>
        await consumer.PostAsJsonAsync("/api/v1/grabs",
            new { title = "Grab " + infoHash[..8], uri = $"magnet:?xt=urn:btih:{infoHash}", category }, ct);

    public static string NewInfoHash() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "0badc0de";

    public static async Task ExecuteAsync(StackFixture stack, string database, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(await stack.Graph.ConnectionStringAsync(database, ct));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
