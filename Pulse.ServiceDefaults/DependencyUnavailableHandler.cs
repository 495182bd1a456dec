using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace Pulse.ServiceDefaults;

/// <summary>
/// Answers a request whose PostgreSQL or Redis did not answer (a refused or broken connection, a timeout, a long poll's
/// deadline) with <c>503</c>, <c>Retry-After</c> and a problem, instead of a <c>500</c>: nothing was wrong with the
/// request, and the same request is worth sending again shortly. Any other exception is left to the next handler.
/// </summary>
internal sealed partial class DependencyUnavailableHandler(
    IProblemDetailsService problems, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>What <c>Retry-After</c> says: about how long a restarted or thawed dependency takes to answer again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (UnavailableDependency(exception, httpContext.RequestAborted) is not { } dependency || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, dependency, exception);
        return await WriteAsync(problems, httpContext, $"{dependency} did not answer in time.");
    }

    /// <summary>Answers <c>503</c> with <c>Retry-After</c> and a problem whose detail starts with <paramref name="why"/>.</summary>
    internal static ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext httpContext, string why)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"{why} Try again in {RetryAfter.TotalSeconds:0} s.",
            },
        });
    }

    /// <summary>
    /// Which dependency failed the request, or <see langword="null"/> when the exception is not a dependency being
    /// down: a transient Npgsql failure (connection refused or broken, a timeout, the server starting up), a Redis
    /// connection failure or timeout, or a cancellation that was a deadline rather than the caller going away.
    /// </summary>
    internal static string? UnavailableDependency(Exception exception, CancellationToken requestAborted)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case NpgsqlException { IsTransient: true }:
                    return "PostgreSQL";
                case RedisConnectionException or RedisTimeoutException:
                    return "Redis";
                case TimeoutException:
                    return "A dependency";
            }
        }

        return exception is OperationCanceledException && !requestAborted.IsCancellationRequested ? "A dependency" : null;
    }

    [LoggerMessage(EventId = 1, EventName = "DependencyUnavailable", Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503: {Dependency} did not answer")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string dependency, Exception exception);
}
