using System.Collections.Concurrent;

namespace Pulse.Chaos;

/// <summary>Every HTTP status the run's traffic saw, per resource and route, and each 5xx other than 503 in detail.</summary>
internal sealed class HttpLedger(TimeProvider time)
{
    private const string NoAnswer = "no answer";

    private readonly long _started = time.GetTimestamp();
    private readonly ConcurrentDictionary<(string Resource, string Route, string Outcome), int> _counts = new();
    private readonly ConcurrentQueue<ServerError> _serverErrors = new();

    public IReadOnlyCollection<ServerError> ServerErrors => _serverErrors;

    public void Record(string resource, string route, int status, string body)
    {
        _counts.AddOrUpdate((resource, route, status.ToString(System.Globalization.CultureInfo.InvariantCulture)), 1, (_, n) => n + 1);
        if (status >= 500 && status != 503)
        {
            _serverErrors.Enqueue(new ServerError(time.GetElapsedTime(_started), resource, route, status, body.Length > 200 ? body[..200] : body));
        }
    }

    public void RecordNoAnswer(string resource, string route) =>
        _counts.AddOrUpdate((resource, route, NoAnswer), 1, (_, n) => n + 1);

    /// <summary>Lines "resource route: 200 ×12, 503 ×2, no answer ×1", sorted.</summary>
    public IEnumerable<string> Lines() =>
        _counts.GroupBy(entry => (entry.Key.Resource, entry.Key.Route))
            .OrderBy(group => group.Key.Resource, StringComparer.Ordinal).ThenBy(group => group.Key.Route, StringComparer.Ordinal)
            .Select(group => $"{group.Key.Resource} {group.Key.Route}: " + string.Join(", ", group
                .OrderBy(entry => entry.Key.Outcome, StringComparer.Ordinal)
                .Select(entry => $"{entry.Key.Outcome} x{entry.Value}")));
}

/// <summary>A 5xx other than 503: when (since the run started), where, and the start of its body.</summary>
internal sealed record ServerError(TimeSpan At, string Resource, string Route, int Status, string Body)
{
    public override string ToString() => $"{At.TotalSeconds:0.0}s {Resource} {Route} {Status}: {Body}";
}
