using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Registry.Changes;

namespace Pulse.Registry.Api;

/// <summary>
/// A Consul-style blocking read (SPEC 4.3): with <c>?index=N</c>, answers at once if the index is not N, else when it
/// changes, else with the unchanged result when <c>wait</c> ends. The answer carries <c>X-Pulse-Index</c>.
/// </summary>
internal sealed class BlockingRead(ChangeIndex changes)
{
    public const string IndexHeader = "X-Pulse-Index";

    public async Task<(T Value, ValidationProblem? Problem)> RunAsync<T>(
        HttpResponse response, string? index, string? wait, Func<CancellationToken, Task<(T Value, long Index)>> load,
        CancellationToken cancellationToken)
        where T : class
    {
        if (!BlockingQuery.TryParse(index, wait, BlockingQuery.DefaultWait, out var query, out var problem))
        {
            return (null!, problem);
        }

        var (value, current) = await load(cancellationToken);
        if (query.Index == current && await changes.WaitBeyondAsync(current, query.Wait, cancellationToken))
        {
            (value, current) = await load(cancellationToken);
        }

        response.Headers[IndexHeader] = current.ToString(CultureInfo.InvariantCulture);
        return (value, null);
    }
}
