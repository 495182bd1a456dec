using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Pulse.Fuzz.Tests.Json;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>
/// Sends each case over real HTTP and judges the answer: never a 5xx the contract does not document; a rejected
/// request (4xx) leaves the stored state as it was; an accepted one reads back as it was sent.
/// </summary>
internal sealed class FuzzRunner(HttpClient client, IStateProbe probe, IReadOnlyDictionary<string, RouteSpec> specs, Findings findings)
{
    public const string ServerError = "5xx";
    public const string NoAnswer = "no answer within 30 s";
    public const string ChangedOnRejection = "rejected, yet stored state changed";
    public const string StoredDifferently = "accepted, but reads back differently";
    public const string SeedRejected = "the valid seed was rejected (seed table out of date?)";

    // Kestrel's default MaxRequestLineSize (8 KiB), which none of the services changes.
    private const int KestrelMaxRequestLine = 8 * 1024;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, RouteIds> _ids = new(StringComparer.Ordinal);

    /// <summary>4xx answers that came without a problem body (reported, not failed: the contract's field naming is item-by-item work).</summary>
    public int RejectionsWithoutProblem { get; private set; }

    /// <summary>The same, per route and status, with the first case's request and answer.</summary>
    public SortedDictionary<string, (int Count, string Example)> RejectionsWithoutProblemByRoute { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync(IReadOnlyList<FuzzCase> cases, CancellationToken ct)
    {
        foreach (var fuzzCase in cases)
        {
            findings.Cases++;
            findings.CasesPerRoute[fuzzCase.Route] = findings.CasesPerRoute.GetValueOrDefault(fuzzCase.Route) + 1;
            await RunAsync(fuzzCase, ct);
        }
    }

    private async Task RunAsync(FuzzCase fuzzCase, CancellationToken ct)
    {
        var spec = specs.GetValueOrDefault(fuzzCase.Route);
        var ids = await IdsAsync(spec, ct);
        var request = fuzzCase.Build(ids);
        await probe.MarkAsync(spec?.EntityPath?.Invoke(ids), ct);

        int? status = null;
        string excerpt;
        bool isProblem;
        JsonElement? answer = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(RequestTimeout);
            using var message = ToMessage(request);
            using var response = await (spec?.Client?.Invoke(ids) ?? client).SendAsync(message, timeout.Token);
            status = (int)response.StatusCode;
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            excerpt = Display.Of(bytes, 300);
            isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            if (status is >= 200 and < 300 && response.Content.Headers.ContentType?.MediaType == CaseGenerator.JsonType && bytes.Length > 0)
            {
                answer = JsonDocument.Parse(bytes).RootElement.Clone();
            }
        }
        catch (HttpRequestException) when (request.PathAndQuery.Length > KestrelMaxRequestLine && !ct.IsCancellationRequested)
        {
            // Kestrel refuses a request line over its limit (414) and closes the connection while the client may still be
            // writing the rest: the client then sees the connection reset, not the 414. A refusal either way; what it
            // must not have done is change anything.
            if (await probe.ChangesAsync(ct) is { } changes)
            {
                Add(fuzzCase, request, ChangedOnRejection, null, $"connection closed | changed: {changes}");
            }

            return;
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException && !ct.IsCancellationRequested)
        {
            Add(fuzzCase, request, NoAnswer, null, exception.GetType().Name + ": " + exception.Message);
            return;
        }

        if (status >= 500 && spec?.DocumentedServerErrors.Contains(status.Value) != true)
        {
            Add(fuzzCase, request, ServerError, status, excerpt);
            return;
        }

        if (fuzzCase.Kind == FuzzCase.Valid && status >= 400 && spec is not null)
        {
            Add(fuzzCase, request, SeedRejected, status, excerpt);
            return;
        }

        if (status is >= 400 and < 500)
        {
            if (!isProblem)
            {
                RejectionsWithoutProblem++;
                var key = $"{fuzzCase.Route} {status}";
                RejectionsWithoutProblemByRoute[key] = RejectionsWithoutProblemByRoute.TryGetValue(key, out var seen)
                    ? (seen.Count + 1, seen.Example)
                    : (1, $"{request.Describe()} -> {excerpt}");
            }

            if (await probe.ChangesAsync(ct) is { } changes)
            {
                Add(fuzzCase, request, ChangedOnRejection, status, $"{excerpt} | changed: {changes}");
            }

            return;
        }

        // A form answers with a redirect whether it took the post or not; its read-back sorts that out.
        if (status is >= 200 and < 400 && spec?.ReadBack is { } readBack
            && await readBack(new ReadBack(client, ids, request.Sent, answer), ct) is { } difference)
        {
            Add(fuzzCase, request, StoredDifferently, status, difference);
        }
    }

    private async Task<RouteIds> IdsAsync(RouteSpec? spec, CancellationToken ct)
    {
        if (spec?.Ids is null)
        {
            return new RouteIds();
        }

        if (spec.FreshIds)
        {
            return await spec.Ids(ct);
        }

        if (!_ids.TryGetValue(spec.Key, out var ids))
        {
            _ids[spec.Key] = ids = await spec.Ids(ct);
        }

        return ids;
    }

    private static HttpRequestMessage ToMessage(FuzzRequest request)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(request.PathAndQuery, UriKind.Relative));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);

            // A body over the limits is refused before it is sent, as a real client lets the server do.
            message.Headers.ExpectContinue = request.Body.Length > 1024 * 1024;
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        return message;
    }

    private void Add(FuzzCase fuzzCase, FuzzRequest request, string problem, int? status, string response) =>
        findings.Add(new Finding(fuzzCase.Route, fuzzCase.Kind, problem, fuzzCase.Label, request.Describe(), status, response));
}

/// <summary>Compares what a case sent with the entity it stored.</summary>
internal static class StoredAs
{
    /// <summary>
    /// Each string, string array, integer or boolean field the body carried must come back unchanged in the entity,
    /// under the same name (an empty string means absent, as the registry's contract says, so it is not compared; a
    /// duplicated field may have kept either value; fields the entity does not show, such as keys, are skipped).
    /// </summary>
    public static string? Differences(JObj? sent, JsonElement stored, params string[] skip)
    {
        if (sent is null || stored.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var differences = new List<string>();
        foreach (var group in sent.Fields.GroupBy(f => f.Name))
        {
            if (skip.Contains(group.Key) || !stored.TryGetProperty(group.Key, out var value))
            {
                continue;
            }

            var candidates = group.Select(f => f.Value).ToList();
            if (candidates.Any(candidate => Matches(candidate, value) != false))
            {
                continue;
            }

            differences.Add($"{group.Key}: sent {candidates[^1].ToDisplay()}, stored {Display.Of(value.GetRawText(), 120)}");
        }

        return differences.Count == 0 ? null : string.Join("; ", differences);
    }

    // True: equal; false: different; null: not comparable (another type, a normalised form).
    private static bool? Matches(FuzzJson sent, JsonElement stored) => sent switch
    {
        JStr { Value.Length: 0 } => null,
        JStr text when stored.ValueKind == JsonValueKind.String => string.Equals(text.Value, JsonText.StringOf(stored), StringComparison.Ordinal),
        JStr => stored.ValueKind == JsonValueKind.Null ? false : null,
        JArr array when stored.ValueKind == JsonValueKind.Array && array.Items.All(i => i is JStr) =>
            array.Items.Cast<JStr>().Select(i => i.Value).SequenceEqual(stored.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? JsonText.StringOf(i) : i.GetRawText()), StringComparer.Ordinal),
        JRaw raw when raw.Bytes is null && IsSimpleLiteral(raw.Json) && stored.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False =>
            raw.Json == stored.GetRawText(),
        _ => null,
    };

    private static bool IsSimpleLiteral(string json) =>
        json is "true" or "false" || (long.TryParse(json, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number.ToString(CultureInfo.InvariantCulture) == json);

    /// <summary>GETs an entity and compares it with what was sent.</summary>
    public static async Task<string?> ReadBackAsync(HttpClient client, string path, JObj? sent, CancellationToken ct, params string[] skip)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            return $"GET {path} after it was accepted: {(int)response.StatusCode} {Display.Of(text, 200)}";
        }

        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(text));
        return Differences(sent, document.RootElement, skip);
    }

    /// <summary>After an accepted delete, the entity must be gone: its GET answers 404.</summary>
    public static async Task<string?> GoneAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : $"still there after the delete: {(int)response.StatusCode}";
    }

    /// <summary>Only the fields a route stores: on an entry a service owns, the others are ignored by contract.</summary>
    public static JObj? Only(JObj? sent, params string[] fields) =>
        sent is null ? null : new JObj([.. sent.Fields.Where(f => fields.Contains(f.Name))]);

    public static string? Id(JsonElement? answer, string name = "id") =>
        answer is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    public static MediaTypeHeaderValue Json { get; } = new(CaseGenerator.JsonType);
}
