using Microsoft.AspNetCore.Http;
using Pulse.ServiceDefaults;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Bounds how long a route may keep its caller waiting on a dependency that does not answer.</summary>
public static class DependencyDeadlineExtensions
{
    /// <summary>
    /// The deadline of a request that reads or writes the database: above Npgsql's own 5 s deadlines, which answer
    /// first in most outages, so this one only catches a command that outlives them.
    /// </summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Answers a request to these endpoints that has not finished within <see cref="DefaultDeadline"/> with <c>503</c>,
    /// <c>Retry-After</c> and a problem (the handler still runs to its end before the request ends).
    /// </summary>
    /// <param name="builder">A route group or a route.</param>
    /// <param name="exempt">Requests with a longer wait of their own (a long poll, a fetch): no deadline.</param>
    public static TBuilder WithDependencyDeadline<TBuilder>(this TBuilder builder, Func<HttpRequest, bool>? exempt = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new DependencyDeadlineFilter(DefaultDeadline, exempt));
}
