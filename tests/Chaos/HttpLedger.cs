using System.Collections.Concurrent;
using System.Text.Json;

namespace Pulse.Chaos;

/// <summary>
/// Every HTTP status the run's traffic saw, per resource and route, and each 5xx other than 503 in detail, with the
/// fault that was under way (or had just ended) when it came.
/// </summary>
internal sealed class HttpLedger(TimeProvider time)
{
    private const string NoAnswer = "no answer";

    // A 5xx this soon after a fault ended is still put down to it: the stack is recovering.
    private static readonly TimeSpan Aftermath = TimeSpan.FromSeconds(30);

    private readonly long _started = time.GetTimestamp();
    private readonly ConcurrentDictionary<(string Resource, string Route, string Outcome), int> _counts = new();
    private readonly ConcurrentQueue<ServerError> _serverErrors = new();
    private readonly ConcurrentQueue<(Fault Fault, TimeSpan From, TimeSpan To)> _faults = new();

    /// <summary>The time since the run started, the clock of every entry.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public void Record(string resource, string route, int status, string body)
    {
        _counts.AddOrUpdate((resource, route, status.ToString(System.Globalization.CultureInfo.InvariantCulture)), 1, (_, n) => n + 1);
        if (status >= 500 && status != 503)
        {
            _serverErrors.Enqueue(new ServerError(Elapsed, resource, route, status, Title(body)));
        }
    }

    public void RecordNoAnswer(string resource, string route) =>
        _counts.AddOrUpdate((resource, route, NoAnswer), 1, (_, n) => n + 1);

    public void FaultWindow(Fault fault, TimeSpan from, TimeSpan to) => _faults.Enqueue((fault, from, to));

    /// <summary>Lines "resource route: 200 x12, 503 x2, no answer x1", sorted.</summary>
    public IEnumerable<string> Lines() =>
        _counts.GroupBy(entry => (entry.Key.Resource, entry.Key.Route))
            .OrderBy(group => group.Key.Resource, StringComparer.Ordinal).ThenBy(group => group.Key.Route, StringComparer.Ordinal)
            .Select(group => $"{group.Key.Resource} {group.Key.Route}: " + string.Join(", ", group
                .OrderBy(entry => entry.Key.Outcome, StringComparer.Ordinal)
                .Select(entry => $"{entry.Key.Outcome} x{entry.Value}")));

    /// <summary>The 5xx other than 503, grouped by route, status, problem title and the fault they came during.</summary>
    public IReadOnlyList<string> ServerErrorLines() =>
        [.. _serverErrors
            .GroupBy(error => (error.Resource, error.Route, error.Status, error.Title, Fault: FaultAt(error.At)))
            .OrderBy(group => group.Min(error => error.At))
            .Select(group => $"{group.Key.Resource} {group.Key.Route} {group.Key.Status} x{group.Count()} " +
                $"at {group.Min(e => e.At).TotalSeconds:0.0}-{group.Max(e => e.At).TotalSeconds:0.0}s, {group.Key.Fault}: \"{group.Key.Title}\"")];

    private string FaultAt(TimeSpan at)
    {
        var window = _faults.LastOrDefault(w => w.From <= at && at <= w.To + Aftermath);
        return window.Fault is null ? "no fault under way"
            : at <= window.To ? $"during fault {window.Fault}"
            : $"{(at - window.To).TotalSeconds:0}s after fault {window.Fault}";
    }

    private static string Title(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return body.Length > 100 ? body[..100] : body;
        }
    }
}

/// <summary>A 5xx other than 503: when (since the run started), where, and its problem title.</summary>
internal sealed record ServerError(TimeSpan At, string Resource, string Route, int Status, string Title);
