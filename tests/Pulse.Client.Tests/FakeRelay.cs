using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Client.Tests;

/// <summary>
/// The registry's relay routes for one service, in memory: a delivery log, messages with claims, epochs and
/// leases on the test's fake clock, and retries that append deliveries. Deliveries answers can be scripted.
/// </summary>
internal sealed class FakeRelay(TimeProvider time, string serviceId = FakeRelay.ServiceId) : HttpMessageHandler
{
    public const string ServiceId = "svc-1";

    private readonly Lock _gate = new();
    private readonly List<(long Id, string MessageId, int Attempt)> _log = [];
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    public ConcurrentDictionary<string, Message> Messages { get; } = new();

    /// <summary>Answers to the next reads of the deliveries, before the log itself is read.</summary>
    public ConcurrentQueue<Func<HttpResponseMessage>> ScriptedReads { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public string Post(string type, JsonNode? payload, string? key = null)
    {
        var id = $"m{Messages.Count + 1}";
        Messages[id] = new Message(id, type, key, payload?.ToJsonString() ?? "null");
        Append(id, 1);
        return id;
    }

    public IReadOnlyList<string> CallsTo(string action) => [.. Calls.Where(c => c.EndsWith(action, StringComparison.Ordinal))];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Calls.Enqueue($"{request.Method} {path}");
        var prefix = $"/api/v1/services/{serviceId}/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        var rest = path[prefix.Length..].Split('/');
        if (rest is ["deliveries"])
        {
            if (ScriptedReads.TryDequeue(out var scripted))
            {
                return scripted();
            }

            var after = long.Parse(System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["after"]!, System.Globalization.CultureInfo.InvariantCulture);
            return await ReadAsync(after, cancellationToken);
        }

        if (rest is ["messages", var mid, var action] && Messages.TryGetValue(mid, out var message))
        {
            lock (_gate)
            {
                return Act(message, action, body is null ? default : JsonDocument.Parse(body).RootElement);
            }
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> ReadAsync(long after, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task appended;
            lock (_gate)
            {
                var last = _log.Count == 0 ? 0 : _log[^1].Id;
                if (after > last)
                {
                    return Json(HttpStatusCode.Gone, new JsonObject { ["title"] = "Cursor out of range" });
                }

                var page = _log.Where(d => d.Id > after).ToList();
                if (page.Count > 0)
                {
                    var deliveries = new JsonArray([.. page.Select(d => (JsonNode)new JsonObject
                    {
                        ["delivery_id"] = d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["message_id"] = d.MessageId,
                        ["attempt"] = d.Attempt,
                        ["type"] = Messages[d.MessageId].Type,
                        ["key"] = Messages[d.MessageId].Key,
                        ["payload"] = JsonNode.Parse(Messages[d.MessageId].Payload),
                        ["created_at"] = time.GetUtcNow(),
                    })]);
                    return Json(HttpStatusCode.OK, new JsonObject { ["deliveries"] = deliveries, ["next_cursor"] = page[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                }

                appended = _appended.Task;
            }

            // A long poll: held until something is appended (the fake clock never ends it).
            await appended.WaitAsync(cancellationToken);
        }
    }

    private HttpResponseMessage Act(Message message, string action, JsonElement body)
    {
        var now = time.GetUtcNow();
        var epoch = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("epoch", out var e) ? e.GetInt64() : 0;
        switch (action)
        {
            case "claim":
                if (message.Status is "completed" or "failed" || (message.Status == "claimed" && message.LeaseExpiresAt > now))
                {
                    return Json(HttpStatusCode.Conflict, new JsonObject { ["title"] = "Conflict", ["detail"] = "claimed or finished" });
                }

                message.Status = "claimed";
                message.Epoch++;
                message.Attempts++;
                message.LeaseExpiresAt = now + Lease;
                return Claim(message);
            case "heartbeat" when message.Status == "claimed" && message.Epoch == epoch:
                message.LeaseExpiresAt = now + Lease;
                return Claim(message);
            case "complete" when message.Status == "claimed" && message.Epoch == epoch:
                message.Status = "completed";
                message.Result = body.GetProperty("result").GetRawText();
                return State(message);
            case "fail" when message.Status == "claimed" && message.Epoch == epoch:
                message.Reason = body.GetProperty("reason").GetString();
                message.Status = body.GetProperty("retry").GetBoolean() ? "pending" : "failed";
                if (message.Status == "pending")
                {
                    Append(message.Id, message.Attempts + 1);
                }

                return State(message);
            default:
                return Json(HttpStatusCode.Conflict, new JsonObject { ["title"] = "Conflict", ["detail"] = "stale epoch" });
        }
    }

    private void Append(string messageId, int attempt)
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            _log.Add((_log.Count + 1, messageId, attempt));
            fired = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }

    private static HttpResponseMessage Claim(Message message) => Json(HttpStatusCode.OK, new JsonObject
    {
        ["message_id"] = message.Id, ["epoch"] = message.Epoch, ["lease_expires_at"] = message.LeaseExpiresAt,
    });

    private static HttpResponseMessage State(Message message) => Json(HttpStatusCode.OK, new JsonObject
    {
        ["message_id"] = message.Id, ["type"] = message.Type, ["key"] = message.Key, ["status"] = message.Status,
        ["result"] = message.Result is null ? null : JsonNode.Parse(message.Result), ["reason"] = message.Reason,
        ["attempts"] = message.Attempts,
    });

    public static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) => new(status)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, (int)status >= 400 ? "application/problem+json" : "application/json"),
    };

    internal sealed class Message(string id, string type, string? key, string payload)
    {
        public string Id => id;

        public string Type => type;

        public string? Key => key;

        public string Payload => payload;

        public string Status { get; set; } = "pending";

        public long Epoch { get; set; }

        public int Attempts { get; set; }

        public DateTimeOffset LeaseExpiresAt { get; set; }

        public string? Result { get; set; }

        public string? Reason { get; set; }
    }
}
